"""Statements: a replay as tidy tables of exact cents, with a plain-language trace on every line.

Owns rounding to cents (`money`), the statement lines (`lines`: every component, adjustment,
true-up and payment line of every role and period), the tables built from them (`tables`:
per period, per year, per component, side by side) and the traces (`trace`). Every table is a sum
of the statement's integer cents, so they always agree. Imports `engine`, `plans`, `payouts`,
`metrics`, `types`.
"""

from comp_models.statements.lines import COLUMNS, public, statement
from comp_models.statements.money import cents_to_money, to_cents
from comp_models.statements.tables import (annual_summary, calendar_quarter, component_summary, explain, period_table,
                                           quarterly_side_by_side, side_by_side)

__all__ = ["COLUMNS", "annual_summary", "calendar_quarter", "cents_to_money", "component_summary", "explain",
           "period_table", "public", "quarterly_side_by_side", "side_by_side", "statement", "to_cents"]
