"""Babysteps' Streamlit app (entry page)."""

import streamlit as st

st.set_page_config(page_title="Babysteps", page_icon="🧱")
st.title("Babysteps")
st.write("A system-design mock interviewer that runs on your own machine.")
