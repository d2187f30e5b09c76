"""Data out: what HR and the VPs take away — the tidy CSV, the formatted workbook, the one-page
plan summaries and the scenario comparison table — all safe to open in a spreadsheet.

Owns formula neutralising (`safety`), plans described in words (`plan_text`), the exports
(`workbook`), plan summaries (`plan_summary`) and `compare`. Imports `statements`, `engine`,
`periods`, `plans`.
"""

from comp_models.reports.compare import compare_scenarios, compare_totals
from comp_models.reports.plan_summary import example_payouts, plan_summary_html, plan_summary_markdown
from comp_models.reports.plan_text import curve_text, plan_definitions, plan_rows, plan_terms
from comp_models.reports.safety import DANGEROUS_PREFIXES, markdown_text, neutralise, safe_frame
from comp_models.reports.workbook import assumptions, statement_csv, workbook_bytes, write_export

__all__ = ["DANGEROUS_PREFIXES", "assumptions", "compare_scenarios", "compare_totals", "curve_text", "example_payouts", "markdown_text", "neutralise",
           "plan_definitions", "plan_rows", "plan_summary_html", "plan_summary_markdown", "plan_terms", "safe_frame",
           "statement_csv", "workbook_bytes", "write_export"]
