"""Babysteps' Streamlit app: the interview room, the grader, the history and the guide.

Run it with ``babysteps ui``. Each page is a script under ``ui/views``; this entry script sets the
page up, keeps the current interview's thread in the URL and shows the LLM status in the sidebar.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from ui import auth, state

VIEWS = Path(__file__).with_name("views")
STATIC = Path(__file__).with_name("static")

# A local image: an emoji or a Material icon as page_icon makes the browser fetch the favicon from a CDN.
st.set_page_config(page_title="Babysteps", page_icon=str(STATIC / "favicon.png"), layout="wide")
st.html(STATIC / "app.css")

PAGES = {
    "interview": st.Page(str(VIEWS / "interview.py"), title="Interview", icon=":material/record_voice_over:", url_path="interview", default=True),
    "grade": st.Page(str(VIEWS / "grade.py"), title="Grade a transcript", icon=":material/grading:", url_path="grade"),
    "history": st.Page(str(VIEWS / "history.py"), title="History", icon=":material/monitoring:", url_path="history"),
    "knowledge": st.Page(str(VIEWS / "knowledge.py"), title="Guide", icon=":material/menu_book:", url_path="guide"),
}
settings = state.settings()
identity = auth.gate(settings)  # with sign-in configured, the sign-in form until signed in (the run stops there)
if identity is not None and identity.is_admin:
    PAGES["cohort"] = st.Page(str(VIEWS / "cohort.py"), title="Cohort", icon=":material/groups:", url_path="cohort")
page = st.navigation(list(PAGES.values()))

state.sync_url()
with st.sidebar:
    st.markdown("### :material/stairs: Babysteps")
    st.caption("System-design interview practice, on your own machine.")
    mode, why = state.llm_status(settings)
    st.divider()
    st.caption(f"LLM: **{mode}**", help=why)
    st.caption(f"Data: `{settings.data_dir}`" if not settings.shared_database else "Data: shared database")
    auth.sidebar(identity)

page.run()
state.warm_up()  # after the page is drawn, so loading the model never delays the first render
