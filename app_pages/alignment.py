"""Alignment lab (filled in by the alignment work)."""

import streamlit as st

st.title("Alignment")
