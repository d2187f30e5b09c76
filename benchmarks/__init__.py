"""Benchmarks: figures with their goals, outside the library's import graph. Run `python -m benchmarks`."""
