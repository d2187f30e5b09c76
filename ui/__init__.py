"""Streamlit glue: session state, cached adapters around comp_models, shared widgets and charts."""
