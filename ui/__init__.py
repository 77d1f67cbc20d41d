"""Babysteps user interfaces: the Streamlit app and the terminal CLI."""
