"""What is measured: the metric registry, the monthly history columns the metrics read, and the
History table that holds them.

Owns: `METRICS` (how each plan metric is computed from monthly columns: a sum, a ratio of sums,
forecast accuracy), `HISTORY_COLUMNS` (the data dictionary), the funnel subset rules and the
validated `History` table. Imports only `comp_models.types`; everything above it reads metrics
from here.
"""

from comp_models.metrics.columns import (CONSISTENCY, COUNT_COLUMNS, HISTORY_COLUMNS, MAX_MONEY, NUMERIC_COLUMNS,
                                         SIGNED_COLUMNS, floor_subsets)
from comp_models.metrics.history import History
from comp_models.metrics.registry import (COMMON_GOAL_METRICS, COUNT, DAYS, FRACTION, METRICS, MONEY, SCORE, Metric, abs_error_column,
                                          columns_for, metric_value, monthly_denominator, score_column, window_columns)

__all__ = ["COMMON_GOAL_METRICS", "MAX_MONEY", "SIGNED_COLUMNS", "CONSISTENCY", "COUNT", "COUNT_COLUMNS", "DAYS", "FRACTION", "HISTORY_COLUMNS", "METRICS", "MONEY",
           "Metric", "NUMERIC_COLUMNS", "History", "SCORE", "abs_error_column", "score_column", "columns_for", "floor_subsets", "metric_value",
           "monthly_denominator", "window_columns"]
