"""The CEO's verdict to act on: one line (aligned / partly aligned / misaligned) with a score, the two
or three reasons that drive it, and the one weight move that would help most.

`alignment_advice` judges the plans with the scorecard on the history (`alignment_scorecard`,
no simulation), then tries every move of 5 or 10 weight points inside one plan toward a shared
goal (from any other weighted component), and every move of those points to a goal only the other
VP is paid on when it is a goal both functions move (`metrics.COMMON_GOAL_METRICS`: revenue, pipeline,
lead quality and follow-up, forecast accuracy, launches...; never the other VP's own lever such as the
discount rate or MQL volume), which makes it shared; the new component copies the other VP's curve on it. Each
candidate is replayed on the history and on a small Monte Carlo (the same simulated years for
every candidate: same seed), and scored by the optimiser's alignment, co-movement − conflict rate
(`optimise.scoring.alignment_score`), averaged over the history's periods and the simulated years.
The best move must raise that score; its effect is reported as the change in co-movement
(simulated years, else the history) and in the expected cost of both plans.

Everything is judged on the scenario as designed (`Scenario.as_designed()`, docs/money.md §14): the
current plans, without employment dates, earlier versions, adjustments or SPIFFs. A move edits the
current plan of the scenario given, so its `scenario` dict keeps those history terms.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field

import numpy as np

from comp_models.analysis.alignment import alignment_scorecard
from comp_models.analysis.optimise.scoring import alignment_score
from comp_models.analysis.pairing import DEFAULT_CONFLICT_THRESHOLD, payout_pct, vp_pair
from comp_models.analysis.scorecard import ALIGNED, INFO, MISALIGNED, MIXED
from comp_models.analysis.simulate import simulate_performance
from comp_models.analysis.stress import payout_series
from comp_models.dates import plan_year
from comp_models.engine import (Performance, ReplayResult, RoleResult, Windows, performance, replay_role,
                               with_on_target_commission, year_totals)
from comp_models.errors import InputError
from comp_models.metrics import COMMON_GOAL_METRICS, History
from comp_models.plans import Scenario, scenario_from_dict
from comp_models.plans.editing import DEFAULT_CURVE
from comp_models.types import FloatArray

__all__ = ["VERDICT_WORDS", "Advice", "Move", "alignment_advice"]

VERDICT_WORDS = {ALIGNED: "Aligned", MIXED: "Partly aligned", MISALIGNED: "Misaligned"}
STEPS = (5.0, 10.0)
SCREEN_YEARS = 150  # simulated years per candidate when screening
FINALISTS = 5  # candidates judged on all the simulated years


@dataclass(frozen=True)
class Move:
    """Move `points` of `role`'s bonus weight from component `source` to the goal `goal` (onto the
    component `target`, or a new one when `new_component`). `scenario` is the plan after the move
    (its JSON-ready dict, for an editor to apply); the figures are after minus before."""

    role: str
    source: str
    target: str
    goal: str
    points: float
    new_component: bool
    text: str
    score_change: float
    co_movement_change: float
    cost_change_pct: float
    cost_change: float
    scenario: dict = field(repr=False, default_factory=dict)


@dataclass(frozen=True)
class Advice:
    """status: aligned / mixed / misaligned (the scorecard's overall status); verdict: its words;
    score: 0-100 (aligned rows count 1, mixed 0.5, over the judged rows); reasons: the two or three
    judged rows that drive the verdict, as 'label: verdict'; best: the move that helps most (None
    when no move raises the alignment); alignment: co-movement − conflict rate before any move."""

    status: str
    verdict: str
    score: float
    reasons: list[str]
    best: Move | None
    alignment: float
    co_movement: float
    expected_cost: float
    simulations: int
    searched: bool = True  # False: the verdict only (alignment_advice(..., search=False)); best is then None

    @property
    def line(self) -> str:
        return f"{self.verdict} · score {self.score:.0f}/100"


@dataclass(frozen=True)
class _Eval:
    score: float
    co: float
    cost: float


class _Bench:
    """The history's performance and the simulated years, built once: a weight move changes neither."""

    def __init__(self, scenario: Scenario, history: History, targets, simulations: int, seed: int, threshold: float):
        scenario = scenario.as_designed()
        self.threshold, self.targets = threshold, targets
        self.hist = performance(scenario, history, targets, scenario.name)
        self.sim, self.year = None, None
        self._replayed: dict[tuple, RoleResult] = {}
        self._earned: dict[tuple, FloatArray] = {}
        self._windows: dict[int, Windows] = {}  # id(performance) -> its window sums, shared by every candidate
        self._first_years: dict[int, Performance] = {}  # years -> the simulated years' first `years`
        if simulations > 0:
            try:
                self.sim = simulate_performance(scenario, history, targets, n_years=simulations, seed=seed)
                self.year = plan_year(self.sim.months[0], scenario.fiscal_year_start)
            except InputError:
                self.sim = None

    def _history_role(self, scenario: Scenario, role: str, context: str) -> RoleResult:
        """A role's replay of the history, earned only (the payout series reads no ledger). A weight move
        changes one role's plan, so the other role's replay is kept by its plan's content (and by the rest of
        the scenario, `context`, which a move leaves alone: goals, fiscal year, objective scores)."""
        key = (role, scenario.roles[role].model_dump_json(), context)
        if key not in self._replayed:
            self._replayed[key] = replay_role(role, self._windows_for(self.hist, scenario), payments=False)
        return self._replayed[key]

    def _windows_for(self, perf: Performance, scenario: Scenario) -> Windows:
        """The window sums and attainments of `perf`, computed once for every candidate: a weight move changes
        no goal (`Windows.for_scenario`; a scenario measured otherwise gets its own)."""
        if id(perf) not in self._windows:
            self._windows[id(perf)] = Windows(perf, scenario)
        try:
            return self._windows[id(perf)].for_scenario(scenario)
        except ValueError:
            return Windows(perf, scenario)

    def _simulated_role(self, priced: Scenario, role: str, sim: Performance, context: str) -> FloatArray:
        """(S,) a role's earned per simulated year (as `replay_years` gives it), kept by its plan's content."""
        key = (role, priced.roles[role].model_dump_json(), context, sim.n_scenarios)
        if key not in self._earned:
            win = self._windows_for(sim, priced)
            self._earned[key] = year_totals(priced, sim, roles=[role], windows=win)[role].sum(axis=1)
        return self._earned[key]

    def evaluate(self, scenario: Scenario, years: int | None = None) -> _Eval:
        """Alignment (mean of the history's and the simulated years'), co-movement (simulated years,
        else the history), expected cost of both plans per simulated year (NaN without simulation).
        The scenario is judged as designed."""
        scenario = scenario.as_designed()
        a, b = vp_pair(scenario)
        context = _context(scenario)  # once: the on-target commissions below change the plans only
        replayed = ReplayResult(scenario, self.hist.months,
                                {r: self._history_role(scenario, r, context) for r in (a, b)})
        series = payout_series(replayed, (a, b))
        pa, pb = series.pct[a][0], series.pct[b][0]
        ok = np.isfinite(pa) & np.isfinite(pb)
        h_score, co, _ = alignment_score(pa[ok], pb[ok], self.threshold)
        scores, cost = [h_score], float("nan")
        if self.sim is not None:
            sim = self.sim
            if years is not None and years < sim.n_scenarios:
                if years not in self._first_years:
                    self._first_years[years] = Performance(sim.months, {c: v[:years] for c, v in sim.columns.items()},
                                                           sim.targets)
                sim = self._first_years[years]
            priced = with_on_target_commission(scenario, self.targets, self.year)
            earned = {r: self._simulated_role(priced, r, sim, context) for r in priced.roles}
            pct = {r: payout_pct(earned[r], float(priced.roles[r].annual_target_variable)) for r in (a, b)}
            s_score, co, _ = alignment_score(pct[a], pct[b], self.threshold)
            scores.append(s_score)
            cost = float(np.sum([earned[r] for r in earned], axis=0).mean())
        return _Eval(float(np.mean(scores)), float(co), cost)


def _goal_of(c: dict) -> set[str]:
    return {g for g in (c.get("goal"), c.get("goal_y"), *[o.get("goal") for o in c.get("objectives", [])]) if g}


def _context(scenario: Scenario) -> str:
    """Everything of a scenario but its plans, as JSON: what a role's replay reads besides its own plan."""
    return scenario.model_dump_json(exclude={"roles"})


def _copied(data: dict) -> dict:
    """A deep copy of a scenario's JSON dump (model_dump(mode="json"): JSON types only), through JSON, which
    reads each value back as it was and is several times faster than copy.deepcopy on a scenario."""
    return json.loads(json.dumps(data))


def _candidates(scenario: Scenario, steps=STEPS, only: set | None = None):
    """(role, source name, target name, goal, points, new component?, edited dict) for every move of
    `steps` points (only the moves whose (role, source, target) is in `only`, when given)."""
    data = scenario.model_dump(mode="json")
    shared = set(scenario.shared_goals())
    for role, plan in data["roles"].items():
        comps = plan.get("components", [])
        weighted = [i for i, c in enumerate(comps) if c.get("kind", "bonus") != "commission"]
        own_goals = set().union(*[_goal_of(comps[i]) for i in weighted]) if weighted else set()
        others = {}
        for other, oplan in data["roles"].items():
            if other == role:
                continue
            for c in oplan.get("components", []):
                if c.get("goal") and c["goal"] not in own_goals and c["goal"] not in others \
                        and data["goals"][c["goal"]]["metric"] in COMMON_GOAL_METRICS:  # a goal both can move
                    others[c["goal"]] = c if c.get("kind", "bonus") == "bonus" else {
                        "kind": "bonus", "name": data["goals"][c["goal"]].get("label") or c["goal"], "goal": c["goal"],
                        "curve": copy.deepcopy(DEFAULT_CURVE)}  # a commission or matrix: a standard curve
        for points in steps:
            for i in weighted:
                src = comps[i]
                if float(src.get("weight", 0.0)) < points:
                    continue
                for j in weighted:  # toward a shared goal inside the plan
                    if j == i or not (_goal_of(comps[j]) & shared):
                        continue
                    if only is not None and (role, src["name"], comps[j]["name"]) not in only:
                        continue
                    d = _copied(data)
                    cs = d["roles"][role]["components"]
                    cs[i]["weight"] = float(cs[i]["weight"]) - points
                    cs[j]["weight"] = float(cs[j].get("weight", 0.0)) + points
                    yield role, src["name"], comps[j]["name"], min(_goal_of(comps[j]) & shared), points, False, d
                for goal, template in others.items():  # to a goal only the other VP is paid on
                    if only is not None and (role, src["name"], goal) not in only:
                        continue
                    d = _copied(data)
                    cs = d["roles"][role]["components"]
                    cs[i]["weight"] = float(cs[i]["weight"]) - points
                    names = {c["name"] for c in cs}
                    name = template["name"] if template["name"] not in names else f"{template['name']} (shared)"
                    new = {k: copy.deepcopy(v) for k, v in template.items()
                           if k in ("kind", "goal", "curve", "upside_requires")}
                    cs.append({**new, "name": name, "weight": points})
                    yield role, src["name"], name, goal, points, True, d  # target: the goal (unique)


def _reasons(card, status: str) -> list[str]:
    judged = [m for m in card.metrics if m.status != INFO]
    order = {MISALIGNED: 0, MIXED: 1, ALIGNED: 2}
    if status == ALIGNED:
        pick = [m for m in judged if m.status == ALIGNED]
    else:
        pick = sorted([m for m in judged if m.status != ALIGNED], key=lambda m: order[m.status])
    return [f"{m.label}: {m.verdict}" for m in pick[:3]]


def alignment_advice(scenario: Scenario, history: History, annual_targets: dict, *, simulations: int = 500,
                     seed: int = 7, threshold_pct: float = DEFAULT_CONFLICT_THRESHOLD, search: bool = True) -> Advice:
    """The verdict, its reasons and the best single weight move (see the module docstring). With
    search=False, the verdict, score and reasons only (no move is searched: fast enough for every rerun).

    Raises InputError when the plans cannot be judged on this history (as `alignment_scorecard`).
    """
    card = alignment_scorecard(scenario, history, annual_targets, simulations=0)
    judged = [m for m in card.metrics if m.status != INFO]
    points = sum(1.0 if m.status == ALIGNED else 0.5 if m.status == MIXED else 0.0 for m in judged)
    score = 100.0 * points / len(judged) if judged else float("nan")
    status = card.overall_status
    if not search:
        return Advice(status, VERDICT_WORDS.get(status, status), score, _reasons(card, status), None,
                      float("nan"), float("nan"), float("nan"), 0, searched=False)
    bench = _Bench(scenario, history, annual_targets, simulations, seed, threshold_pct)
    now = bench.evaluate(scenario)
    titles = {r: p.title for r, p in scenario.roles.items()}
    labels = {g: goal.display_label for g, goal in scenario.goals.items()}
    # screen every 10-point move on fewer simulated years; then judge the few best directions, 5 and 10
    # points, on all of them
    screened = []
    for role, src, tgt, goal, pts, new, d in _candidates(scenario, (max(STEPS),)):
        try:
            ev = bench.evaluate(scenario_from_dict(d, scenario.name), SCREEN_YEARS)
        except InputError:
            continue
        screened.append((ev.score, (role, src, goal if new else tgt)))
    screened.sort(key=lambda x: -x[0])
    finalists = {key for _, key in screened[:FINALISTS]}
    best, best_eval = None, None
    for role, src, tgt, goal, pts, new, d in _candidates(scenario, STEPS, finalists):
        try:
            ev = bench.evaluate(scenario_from_dict(d, scenario.name))
        except InputError:
            continue
        move = (role, src, tgt, goal, pts, new, d)
        if ev.score > now.score + 1e-9 and (best_eval is None or ev.score > best_eval[0].score + 1e-12):
            best_eval = (ev, *move)
    if best_eval is not None:
        ev, role, src, tgt, goal, pts, new, d = best_eval
        cost_change = ev.cost - now.cost
        cost_pct = 100.0 * cost_change / now.cost if now.cost else float("nan")
        dest = f"{labels[goal]} (shared with the other VP)" if new else tgt
        co_change = ev.co - now.co
        text = (f"Move {pts:g} points of {titles[role]}'s weight from {src} to {dest}: co-movement "
                f"{co_change:+.2f}, cost {cost_pct:+.1f}%")
        best = Move(role, src, tgt, goal, pts, new, text, ev.score - now.score, co_change, cost_pct, cost_change, d)
    return Advice(status, VERDICT_WORDS.get(status, status), score, _reasons(card, status), best, now.score, now.co,
                  now.cost, simulations)
