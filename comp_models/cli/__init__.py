"""The command line: `python -m comp_models run | validate | align | bench`.

Composes the library for a terminal: replay a scenario and print both VPs side by side or export
it, validate any input file, print the alignment scorecard. Imports everything below it; nothing
imports it.
"""

from comp_models.cli.main import build_parser, main

__all__ = ["build_parser", "main"]
