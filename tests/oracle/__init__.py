"""An independent test oracle for the payout rules of docs/money.md.

It re-implements every statement line in integer cents from the documented rules alone, with
plain Python loops and floats, and imports nothing from `comp_models` (only
test_engine_agrees.py uses the engine, through its public API, to compare the two).
"""
