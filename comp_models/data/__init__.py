"""Data in: the files a company brings (monthly history, annual targets), the shipped sample and
presets, and loading them into a replay.

Owns the history and targets readers (CSV or Excel, validated as a whole: every problem named by
file, row and column, nothing dropped), where the sample data and presets live, and `run` (files →
replay). CRM import lands here. Imports `engine`, `plans`, `metrics`, `errors`.
"""

from comp_models.data.adjustments_file import (ADJUSTMENT_COLUMNS, load_adjustments, parse_adjustments,
                                               with_adjustments)
from comp_models.data.scores_file import SCORE_COLUMNS, load_scores, parse_scores, with_scores
from comp_models.data.history_files import (MAX_FILE_BYTES, MAX_ROWS, TARGET_COLUMNS, load_history, load_targets,
                                            parse_history, parse_targets, read_header)
from comp_models.data.tables import sheets_with_data
from comp_models.data.inputs import load_inputs, run, sample_inputs
from comp_models.data.sample import (DATA_DIR, DEFAULT_SCENARIO, ROOT, SAMPLE_HISTORY, SAMPLE_TARGETS, SCENARIO_DIR,
                                     preset_paths)

__all__ = ["sheets_with_data", "SCORE_COLUMNS", "load_scores", "parse_scores", "with_scores", "ADJUSTMENT_COLUMNS", "load_adjustments", "parse_adjustments", "with_adjustments", "DATA_DIR", "DEFAULT_SCENARIO", "MAX_FILE_BYTES", "MAX_ROWS", "ROOT", "SAMPLE_HISTORY", "SAMPLE_TARGETS",
           "SCENARIO_DIR", "TARGET_COLUMNS", "load_history", "load_inputs", "load_targets", "parse_history",
           "parse_targets", "preset_paths", "read_header", "run", "sample_inputs"]
