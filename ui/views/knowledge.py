"""The guide: browse it by kind (problems, technologies, mistakes, stories, cheat cards, the playbook) or
search it; a search that matches nothing well says so rather than offering a weak match."""

from __future__ import annotations

import re
from typing import Any

import streamlit as st

from ui import components, state

# A search hit below this score is not shown: nonsense queries score about 0.2, real matches 0.45 and up.
RELEVANCE = 0.3
SHELVES = {
    "problem": ("Problems", ("problem",)),
    "technology": ("Technologies", ("technology",)),
    "mistake": ("Mistakes", ("mistake", "anti_lesson", "failure_mode")),
    "story": ("Stories", ("story",)),
    "cheat": ("Cheat cards", ("cheat",)),
    "playbook": ("The playbook", ("phase", "step", "checklist")),
    "company": ("Companies and levels", ("company", "level")),
}
KIND_NAMES = {"problem": "Problem", "technology": "Technology", "phase": "Playbook phase", "step": "Thinking step",
              "mistake": "Common mistake", "anti_lesson": "Anti-lesson", "failure_mode": "Failure mode",
              "story": "Story", "checklist": "Checklist", "level": "Level", "company": "Company mode",
              "cheat": "Cheat card"}


def readable(text: str) -> str:
    """A guide section as Markdown: a label line ("Strengths:") becomes a bold heading on its own line, bullets
    stay a list, every other line its own paragraph (nothing is glued to the line before)."""
    out: list[str] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith("- "):
            item = line[2:]
            numbered = re.match(r"^(\d+)\.\s", item)
            out.append(item if numbered else line)  # "- 1. Understand" is a numbered list, not a list in a bullet
        elif line.endswith(":") and len(line) < 60:
            out += ["", f"**{line}**"]
        else:
            out += ["", line]
    return "\n".join(out).strip()


@st.cache_resource(show_spinner=False)
def shelf_chunks() -> dict[str, list[Any]]:
    """Every chunk of the guide, by shelf, in title order."""
    from knowledge.chunks import build_chunks

    chunks = build_chunks(state.knowledge())
    shelves: dict[str, list[Any]] = {}
    for shelf, (_, kinds) in SHELVES.items():
        shelves[shelf] = sorted((c for c in chunks if c.kind in kinds), key=lambda c: c.title.lower())
    return shelves


def section(title: str, kind: str, text: str, *, expanded: bool = False) -> None:
    with st.expander(f"{title} · {KIND_NAMES.get(kind, components.label(kind))}", expanded=expanded):
        st.markdown(readable(text))


def browse() -> None:
    shelves = shelf_chunks()
    shelf = st.radio("Shelf", list(SHELVES), horizontal=True, key="kb_shelf",
                     format_func=lambda s: f"{SHELVES[s][0]} ({len(shelves[s])})")
    for chunk in shelves[str(shelf)]:
        section(chunk.title, chunk.kind, chunk.text)


def search(settings: Any) -> None:
    query = st.text_input("Search", key="kb_query", placeholder="e.g. why Redis and not the database alone?")
    c1, c2 = st.columns([2, 1])
    shelf = c1.selectbox("In", ("all", *SHELVES), key="kb_kind",
                         format_func=lambda s: "the whole guide" if s == "all" else SHELVES[s][0])
    k = c2.slider("At most", 1, 20, 5, key="kb_k")
    if not query.strip():
        st.caption("Type a question or a technology name.")
        return
    kinds = None if shelf == "all" else list(SHELVES[str(shelf)][1])
    hits = [h for h in state.index(settings).search(query, k=k, kind=kinds) if h.score >= RELEVANCE]
    if not hits:
        st.info("Nothing matched. Try other words, or browse the guide by shelf.", icon=":material/search_off:")
        return
    st.caption(f"{len(hits)} section{'s' if len(hits) != 1 else ''}, best match first.")
    for n, hit in enumerate(hits):
        section(hit.title, hit.kind, hit.text, expanded=n == 0)


def render() -> None:
    settings = state.settings()
    st.title("The guide")
    st.caption("The playbook, problem cards, technologies, common mistakes, interview stories and cheat cards.")
    mode = st.radio("Mode", ("search", "browse"), horizontal=True, key="kb_mode", label_visibility="collapsed",
                    format_func={"search": "Search", "browse": "Browse by shelf"}.get)
    if mode == "browse":
        browse()
    else:
        search(settings)


render()
