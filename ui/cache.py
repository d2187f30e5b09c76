"""Cached adapters: each calls one comp_models function; keyed on the plan's JSON and the history id.

Arguments whose names start with "_" are not hashed by st.cache_data: the history frame is
identified by its key, the scenario by its JSON, so a slider move recomputes exactly once.
"""

from __future__ import annotations

from functools import cached_property

import numpy as np
import pandas as pd
import streamlit as st

from comp_models import Scenario, annual_summary, component_summary, performance, period_table, replay, statement
from comp_models.engine import target_earnings_warnings


class Replay:
    """A replay of one plan over one history, and its statement and summaries, each built on first use.

    Cached by content (the plan's JSON and the history's content key: every month's values and every
    target), as one shared object: sessions that replay the same plan on the same data read the same
    figures, and a page that needs only the summary (the plan builder) never builds the per-period
    and per-component tables. Read-only: pages filter and `assign`, never change these frames in place.
    """

    def __init__(self, result, history, perf=None):
        self.result = result
        self._history = history
        self._perf = perf  # what the replay read: the history and the plan's resolved targets

    @cached_property
    def stmt(self) -> pd.DataFrame:
        return statement(self.result)

    @cached_property
    def lines(self) -> pd.DataFrame:
        """The statement's lines without their traces (the same cents), for pages that show no trace: a slider
        rerun on the plan builder would otherwise write every line's trace."""
        stmt = self.__dict__.get("stmt")
        return stmt if stmt is not None else statement(self.result, traces=False)

    @cached_property
    def line_columns(self) -> dict[str, np.ndarray]:
        """The lines' columns the Plan builder's figures read (ui/plan_figures.py), as read-only arrays: role,
        component, line, goal (strings), year, attainment, target, and whether a line has an attainment."""
        lines = self.lines
        cols = {c: lines[c].to_numpy(dtype=object, copy=True) for c in ("role", "component", "line", "goal")}
        cols["year"] = lines["year"].to_numpy(copy=True)
        cols["attainment"] = lines["attainment"].to_numpy(dtype=np.float64, copy=True)
        cols["target"] = lines["target"].to_numpy(dtype=np.float64, copy=True)
        cols["has_attainment"] = lines["attainment"].notna().to_numpy(copy=True)
        for a in cols.values():
            a.flags.writeable = False  # shared by every session showing this replay
        return cols

    @cached_property
    def summary(self) -> pd.DataFrame:
        return annual_summary(self.result, self.lines)

    @cached_property
    def periods(self) -> pd.DataFrame:
        return period_table(self.lines)

    @cached_property
    def components(self) -> pd.DataFrame:
        return component_summary(self.lines)

    @cached_property
    def warnings(self) -> list:
        """Plausibility warnings of the plan on this history (`target_earnings_warnings`), from the
        performance the replay read (the same call `plan_warnings` makes without a replay)."""
        return target_earnings_warnings(self.result.scenario, self._perf, "this plan")

    @cached_property
    def revenue_by_year(self) -> pd.Series:
        return self._history.yearly_totals("revenue")


def _scenario(json_text: str) -> Scenario:
    return Scenario.model_validate_json(json_text)


@st.cache_resource(show_spinner=False, max_entries=64)
def _replay(scenario_json: str, history_key: str, _history, _targets) -> Replay:
    scenario = _scenario(scenario_json)
    perf = performance(scenario, _history, _targets, "current plan")
    return Replay(replay(scenario, perf), _history, perf)


def run_replay(scenario: Scenario, hist) -> Replay:
    """Replay a scenario over the session's history (cached by the plan's and the history's content)."""
    return _replay(scenario.model_dump_json(), hist.key, hist.history, hist.targets)


@st.cache_data(show_spinner=False, max_entries=64)
def _alignment_overview(scenario_json: str, history_key: str, _history, _targets):
    from comp_models.analysis import alignment_scorecard

    card = alignment_scorecard(_scenario(scenario_json), _history, _targets, simulations=0)
    return card.overall, dict(card.shared.share), card.overall_status


def alignment_overview(scenario: Scenario, hist):
    """(overall verdict, shared-pay share % per role, overall status) on the history alone (no simulation)."""
    return _alignment_overview(scenario.model_dump_json(), hist.key, hist.history, hist.targets)


@st.cache_data(show_spinner=False, max_entries=16)
def _workbook(scenario_json: str, history_key: str, history_label: str, _rep: Replay) -> bytes:
    from comp_models.reports.workbook import workbook_bytes  # the export code only when exporting

    return workbook_bytes(_rep.result, _rep.stmt, history_source=history_label)


def workbook(scenario: Scenario, hist, rep: Replay) -> bytes:
    """The Excel workbook of a replay (cached with it: built once per plan and history)."""
    return _workbook(scenario.model_dump_json(), hist.key, hist.label, rep)


@st.cache_data(show_spinner=False, max_entries=64)
def _warnings(scenario_json: str, history_key: str, _history, _targets) -> list:
    scenario = _scenario(scenario_json)
    return target_earnings_warnings(scenario, performance(scenario, _history, _targets, "current plan"), "this plan")


def plan_warnings(scenario: Scenario, hist, rep: Replay | None = None) -> list:
    """Plausibility warnings of the plan on the session's history (valid, but likely not meant). With `rep`,
    the replay of this plan on this history (`run_replay`), they are read from it: no second `performance`."""
    if rep is not None and rep._perf is not None:
        return list(rep.warnings)  # a list of its own, as st.cache_data gives (the Issues are frozen)
    return _warnings(scenario.model_dump_json(), hist.key, hist.history, hist.targets)


@st.cache_data(show_spinner=False, max_entries=32)
def _advice(scenario_json: str, history_key: str, search: bool, _history, _targets):
    from comp_models.analysis.advice import alignment_advice

    return alignment_advice(_scenario(scenario_json), _history, _targets, search=search)


def advice(scenario: Scenario, hist, search: bool = True):
    """The verdict, its reasons and (search=True, about a second) the best weight move
    (`analysis.advice.alignment_advice`, cached by content)."""
    return _advice(scenario.model_dump_json(), hist.key, search, hist.history, hist.targets)


@st.cache_data(show_spinner=False, max_entries=64)
def _outcome(scenario_json: str, history_key: str, goal: str, funnel: bool, _history, _targets):
    from comp_models.analysis.outcome import pay_vs_outcome

    return pay_vs_outcome(_scenario(scenario_json), _history, _targets, goal, funnel=funnel)


def outcome(scenario: Scenario, hist, goal: str, funnel: bool):
    """Both VPs' payout % as `goal` lands at 60-140% of target (`analysis.outcome.pay_vs_outcome`, cached)."""
    return _outcome(scenario.model_dump_json(), hist.key, goal, funnel, hist.history, hist.targets)


@st.cache_data(show_spinner=False, max_entries=32)
def _pay_map(scenario_json: str, history_key: str, gx: str, gy: str, funnel: bool, _history, _targets):
    from comp_models.analysis.outcome import pay_map

    return pay_map(_scenario(scenario_json), _history, _targets, gx, gy, funnel=funnel)


def pay_map(scenario: Scenario, hist, goal_x: str, goal_y: str, funnel: bool):
    """Both VPs' payout % on a grid of two goals (`analysis.outcome.pay_map`, cached)."""
    return _pay_map(scenario.model_dump_json(), hist.key, goal_x, goal_y, funnel, hist.history, hist.targets)


@st.cache_data(show_spinner=False, max_entries=16)
def _plan_pdf(scenario_json: str, role: str, year: int, targets_key: str, _year_targets) -> bytes:
    from comp_models.reports.pdf import plan_pdf

    return plan_pdf(_scenario(scenario_json), role, _year_targets, year)


def plan_pdf(scenario: Scenario, hist, role: str, year: int, year_targets) -> bytes:
    """One VP's one-page plan document as PDF bytes (`reports.pdf.plan_pdf`, cached per plan and history)."""
    return _plan_pdf(scenario.model_dump_json(), role, year, hist.key, year_targets)
