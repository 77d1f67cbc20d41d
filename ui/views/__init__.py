"""The app's pages, one script each, registered by ``ui/app.py`` with ``st.navigation``."""
