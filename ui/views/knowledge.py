"""The guide: search the knowledge index (problems, technologies, the playbook, mistakes, stories...)."""

from __future__ import annotations

import streamlit as st

from ui import components, state


def render() -> None:
    from knowledge.chunks import KINDS

    settings = state.settings()
    st.title("The guide")
    st.caption("Search the playbook, problem cards, technologies, common mistakes and interview stories.")
    query = st.text_input("Search", key="kb_query", placeholder="e.g. why Redis and not the database alone?")
    c1, c2 = st.columns([2, 1])
    kind = c1.selectbox("Kind", ("all", *KINDS), key="kb_kind", format_func=components.label)
    k = c2.slider("Results", 1, 20, 5, key="kb_k")
    if not query.strip():
        st.caption("Type a question or a technology name.")
        return
    hits = state.index(settings).search(query, k=k, kind=None if kind == "all" else kind)
    if not hits:
        st.info("Nothing matched.")
        return
    for hit in hits:
        with st.container(border=True):
            st.markdown(f"**{hit.title}**")
            st.caption(f"{components.label(hit.kind)} · score {hit.score:.2f} · `{hit.id}`")
            st.markdown(hit.text)


render()
