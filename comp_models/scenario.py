"""Scenario files: both plans, the goals they reference, and their safe load / atomic save.

A scenario is a TOML file (read with the standard library's `tomllib`, which cannot
execute anything). Every percentage in a scenario is written as a percent: weight 40
means 40% of the target incentive, a curve point [80, 50] means 80% attainment pays 50%.
"""

from __future__ import annotations

import os
import tempfile
import tomllib
from pathlib import Path
from typing import Annotated, Literal, Union

import tomli_w
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from ._types import Accumulate, Aggregation, Direction, Period, TierBasis, TierMode, TrueUp
from .errors import InputError, Issue, ScenarioExistsError
from .metrics import METRICS

SCHEMA_VERSION = 1
WEIGHT_TOLERANCE = 1e-6  # percent points


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)


CurvePoint = tuple[float, float]


class Gate(_Model):
    """Pay nothing unless another goal reaches a level (e.g. revenue >= 85%)."""

    goal: str
    min_attainment: float = Field(description="percent")


class ConditionalCap(_Model):
    """Cap the payout at `cap` percent unless another goal reaches `min_attainment` percent."""

    goal: str
    min_attainment: float = 100.0
    cap: float = Field(default=100.0, ge=0)


class Multiplier(_Model):
    """Multiply the plan's total by a curve of a goal's attainment (a kicker or a brake)."""

    goal: str
    curve: list[CurvePoint]


class Draw(_Model):
    """A per-period guarantee: pay the greater of earnings and the draw.

    A recoverable draw's shortfall is recovered only from later earnings above the draw,
    within the plan year; what is unrecovered at year end is forgiven.
    """

    amount: float = Field(ge=0, description="per measurement period, in currency")
    recoverable: bool = True


class BonusComponent(_Model):
    """A weighted share of target incentive paid by a curve of one goal's attainment."""

    kind: Literal["bonus"]
    name: str
    goal: str
    weight: float = Field(description="percent of the plan's target incentive")
    curve: list[CurvePoint] = Field(description="[attainment %, payout %] points, linear between")
    gates: list[Gate] = []
    conditional_caps: list[ConditionalCap] = []
    upside_requires: list[str] = Field(default=[], description="goals that must all be >= 100% for pay above 100%")


class MatrixComponent(_Model):
    """A weighted share of target incentive looked up from the levels of two goals.

    payouts[i][j] is the payout % when goal_y reaches levels_y[i] and goal reaches levels_x[j];
    below the first level of either goal nothing is paid.
    """

    kind: Literal["matrix"]
    name: str
    goal: str
    goal_y: str
    weight: float
    levels_x: list[float]
    levels_y: list[float]
    payouts: list[list[float]]
    gates: list[Gate] = []
    conditional_caps: list[ConditionalCap] = []
    upside_requires: list[str] = []


class Tier(_Model):
    """One band of a commission table, starting at `start`.

    `rate` (percent of the amount) for marginal and retroactive tables; `amount`
    (currency earned across the whole band) for interpolated tables.
    """

    start: float = Field(ge=0)
    rate: float | None = Field(default=None, ge=0)
    amount: float | None = Field(default=None, ge=0)


class CommissionComponent(_Model):
    """Commission on an amount metric (e.g. bookings) from a tiered rate table."""

    kind: Literal["commission"]
    name: str
    goal: str
    target_earnings: float = Field(ge=0, description="on-target annual commission, for % of target and pay mix")
    tier_mode: TierMode = TierMode.MARGINAL
    tier_basis: TierBasis = TierBasis.AMOUNT
    accumulate: Accumulate = Accumulate.PERIOD
    tiers: list[Tier]
    ceiling: float | None = Field(default=None, description="end of the last band (required when interpolated)")
    gates: list[Gate] = []


Component = Annotated[Union[BonusComponent, MatrixComponent, CommissionComponent], Field(discriminator="kind")]


class Plan(_Model):
    """One role's variable-pay plan."""

    title: str
    base_salary: float = Field(gt=0)
    target_incentive: float | None = Field(default=None, ge=0, description="annual, currency")
    target_incentive_pct_of_base: float | None = Field(default=None, ge=0)
    measurement_period: Period = Period.QUARTERLY
    true_up: TrueUp = TrueUp.ANNUAL
    holdback_pct: float = Field(default=0.0, ge=0, le=100)
    clawback_pct: float = Field(default=0.0, ge=0, le=100, description="share of a year-end overpayment recovered")
    installments: int = Field(default=1, ge=1, le=12, description="each payment is spread over this many periods")
    plan_cap: float | None = Field(default=None, gt=0, description="total payout cap, as % of target variable")
    multiplier: Multiplier | None = None
    gates: list[Gate] = Field(default=[], description="plan activation gates applied to every component")
    draw: Draw | None = None
    components: list[Component]

    @property
    def annual_target_incentive(self) -> float:
        """Bonus target incentive per year (absolute, or % of base)."""
        if self.target_incentive is not None:
            return self.target_incentive
        return self.base_salary * (self.target_incentive_pct_of_base or 0.0) / 100.0

    @property
    def annual_commission_target(self) -> float:
        return sum(c.target_earnings for c in self.components if isinstance(c, CommissionComponent))

    @property
    def annual_target_variable(self) -> float:
        """Everything paid at target: bonus target incentive plus on-target commission."""
        return self.annual_target_incentive + self.annual_commission_target

    @property
    def pay_mix(self) -> tuple[float, float]:
        """(base %, variable %) of on-target earnings."""
        ote = self.base_salary + self.annual_target_variable
        return 100.0 * self.base_salary / ote, 100.0 * self.annual_target_variable / ote

    def weighted_components(self) -> list[BonusComponent | MatrixComponent]:
        return [c for c in self.components if not isinstance(c, CommissionComponent)]


class Goal(_Model):
    """A metric with targets, defined once and referenced by any plan's components.

    Targets: `period_targets` (a monthly table, "YYYY-MM" -> value) wins over `annual_targets`
    ("YYYY" -> value), which win over the history's targets file. Annual targets of summed
    metrics are split into months by `monthly_profile`; ratio targets hold in every month.
    `target_pct` scales whatever targets result (a what-if knob: 110 = targets 10% higher).
    """

    metric: str
    label: str = ""
    direction: Direction | None = None  # default: the metric's own
    annual_targets: dict[str, float] = {}
    period_targets: dict[str, float] = {}
    monthly_profile: str | list[float] = "flat"
    target_pct: float = Field(default=100.0, gt=0)

    @field_validator("metric")
    @classmethod
    def _known_metric(cls, v: str) -> str:
        if v not in METRICS:
            raise ValueError(f"unknown metric {v!r}; known metrics: {', '.join(METRICS)}")
        return v

    @property
    def resolved_direction(self) -> Direction:
        return self.direction or METRICS[self.metric].direction

    @property
    def display_label(self) -> str:
        return self.label or METRICS[self.metric].label


class Scenario(_Model):
    schema_version: int = SCHEMA_VERSION
    name: str
    description: str = ""
    currency: str = "USD"
    monthly_profiles: dict[str, list[float]] = {}
    goals: dict[str, Goal]
    roles: dict[str, Plan]

    @model_validator(mode="after")
    def _consistent(self) -> "Scenario":
        problems = scenario_problems(self)
        if problems:
            raise ValueError("\n".join(f"{where}: {what} || {fix}" for where, what, fix in problems))
        return self

    def goal_users(self) -> dict[str, list[str]]:
        """goal id -> roles whose components reference it (gates and multipliers included)."""
        users: dict[str, list[str]] = {g: [] for g in self.goals}
        for role, plan in self.roles.items():
            for goal in sorted(plan_goal_refs(plan)):
                if goal in users:
                    users[goal].append(role)
        return users

    def shared_goals(self) -> list[str]:
        """Goals paid on by two or more roles' components: 'shared' is a fact of the model."""
        shared = []
        for goal in self.goals:
            payers = [r for r, p in self.roles.items() if any(_pays_on(c, goal) for c in p.components)]
            if len(payers) >= 2:
                shared.append(goal)
        return shared


def _pays_on(component: Component, goal: str) -> bool:
    return component.goal == goal or getattr(component, "goal_y", None) == goal


def plan_goal_refs(plan: Plan) -> set[str]:
    """Every goal a plan refers to: components, matrices, gates, caps, upside rules, multiplier."""
    refs = {g.goal for g in plan.gates}
    if plan.multiplier:
        refs.add(plan.multiplier.goal)
    for c in plan.components:
        refs.add(c.goal)
        if isinstance(c, MatrixComponent):
            refs.add(c.goal_y)
        refs.update(g.goal for g in c.gates)
        refs.update(g.goal for g in getattr(c, "conditional_caps", []))
        refs.update(getattr(c, "upside_requires", []))
    return refs


def _curve_problems(where: str, curve: list[CurvePoint]) -> list[tuple[str, str, str]]:
    out = []
    fix = "give points as [attainment %, payout %] with attainment strictly increasing and payout never decreasing"
    if not curve:
        return [(where, "the curve has no points", fix)]
    xs = [p[0] for p in curve]
    ys = [p[1] for p in curve]
    if any(x < 0 for x in xs) or any(y < 0 for y in ys):
        out.append((where, "a curve point is negative", fix))
    if any(b <= a for a, b in zip(xs, xs[1:])):
        out.append((where, f"attainment points {xs} are not strictly increasing", fix))
    if any(b < a for a, b in zip(ys, ys[1:])):
        out.append((where, f"payout points {ys} decrease", fix))
    return out


def scenario_problems(s: Scenario) -> list[tuple[str, str, str]]:
    """Cross-field checks pydantic cannot express. Returns (where, problem, fix) triples."""
    out: list[tuple[str, str, str]] = []
    goals = set(s.goals)
    goal_fix = f"use one of the goals defined under [goals]: {', '.join(sorted(goals))}"
    if s.schema_version != SCHEMA_VERSION:
        out.append(("schema_version", f"version {s.schema_version} is not supported",
                    f"set schema_version = {SCHEMA_VERSION}"))
    if not s.roles:
        out.append(("roles", "no roles are defined", "add at least one [roles.<name>] table"))
    for name, prof in s.monthly_profiles.items():
        if len(prof) != 12 or any(v < 0 for v in prof) or abs(sum(prof) - 1) > 1e-6:
            out.append((f"monthly_profiles.{name}", f"needs 12 non-negative weights summing to 1 (got {len(prof)} "
                        f"summing to {sum(prof):.6g})", "list one weight per month, Jan..Dec, adding up to 1"))
    for gid, g in s.goals.items():
        where = f"goals.{gid}"
        if isinstance(g.monthly_profile, str):
            if g.monthly_profile != "flat" and g.monthly_profile not in s.monthly_profiles:
                out.append((f"{where}.monthly_profile", f"unknown profile {g.monthly_profile!r}",
                            "use 'flat', a name under [monthly_profiles], or a list of 12 weights"))
        elif len(g.monthly_profile) != 12 or abs(sum(g.monthly_profile) - 1) > 1e-6 or min(g.monthly_profile) < 0:
            out.append((f"{where}.monthly_profile", "needs 12 non-negative weights summing to 1",
                        "list one weight per month, Jan..Dec, adding up to 1"))
        for key, val in g.annual_targets.items():
            if not (len(key) == 4 and key.isdigit()):
                out.append((f"{where}.annual_targets.{key}", "key is not a year", 'write years as "2024"'))
            if not val > 0:
                out.append((f"{where}.annual_targets.{key}", f"target {val} is not positive",
                            "targets must be greater than zero"))
            elif METRICS[g.metric].unit == "fraction" and val > 1:
                out.append((f"{where}.annual_targets.{key}", f"{g.metric} is a fraction but the target is {val:g}",
                            "write rates as fractions: 85% is 0.85"))
        for key, val in g.period_targets.items():
            if not (len(key) == 7 and key[4] == "-" and key[:4].isdigit() and key[5:].isdigit()
                    and 1 <= int(key[5:]) <= 12):
                out.append((f"{where}.period_targets.{key}", "key is not a month", 'write months as "2024-03"'))
            if not val > 0:
                out.append((f"{where}.period_targets.{key}", f"target {val} is not positive",
                            "targets must be greater than zero"))
    for role, plan in s.roles.items():
        rw = f"roles.{role}"
        if plan.target_incentive is None and plan.target_incentive_pct_of_base is None:
            out.append((rw, "no target incentive", "set target_incentive or target_incentive_pct_of_base"))
        if plan.target_incentive is not None and plan.target_incentive_pct_of_base is not None:
            out.append((rw, "both target_incentive and target_incentive_pct_of_base are set", "keep one of them"))
        if not plan.components:
            out.append((f"{rw}.components", "the plan has no components", "add at least one component"))
        weighted = plan.weighted_components()
        total = sum(c.weight for c in weighted)
        if weighted and abs(total - 100.0) > WEIGHT_TOLERANCE:
            detail = ", ".join(f"{c.name} {c.weight:g}" for c in weighted)
            out.append((f"{rw}.components", f"bonus weights sum to {total:g}%, not 100% ({detail})",
                        "change the weights so they add up to 100"))
        if not weighted and plan.annual_target_incentive > 0:
            out.append((rw, "a target incentive is set but no bonus component spends it",
                        "add a bonus component or set target_incentive = 0"))
        names = [c.name for c in plan.components]
        for dup in sorted({n for n in names if names.count(n) > 1}):
            out.append((f"{rw}.components", f"two components are named {dup!r}", "give each component its own name"))
        if plan.multiplier:
            out += _curve_problems(f"{rw}.multiplier.curve", plan.multiplier.curve)
        for gref in sorted(plan_goal_refs(plan) - goals):
            out.append((rw, f"refers to goal {gref!r}, which is not defined", goal_fix))
        for i, c in enumerate(plan.components):
            cw = f"{rw}.components[{i}] ({c.name})"
            if isinstance(c, BonusComponent):
                if c.weight < 0:
                    out.append((f"{cw}.weight", "weight is negative", "use a weight between 0 and 100"))
                out += _curve_problems(f"{cw}.curve", c.curve)
            elif isinstance(c, MatrixComponent):
                if c.weight < 0:
                    out.append((f"{cw}.weight", "weight is negative", "use a weight between 0 and 100"))
                if any(v < 0 for row in c.payouts for v in row) or any(v < 0 for v in [*c.levels_x, *c.levels_y]):
                    out.append((f"{cw}.payouts", "a level or payout is negative",
                                "use levels and payouts of 0% or more"))
                for axis, levels in (("levels_x", c.levels_x), ("levels_y", c.levels_y)):
                    if not levels or any(b <= a for a, b in zip(levels, levels[1:])):
                        out.append((f"{cw}.{axis}", "levels must be a non-empty, strictly increasing list",
                                    "list attainment levels in percent, lowest first"))
                if len(c.payouts) != len(c.levels_y) or any(len(r) != len(c.levels_x) for r in c.payouts):
                    out.append((f"{cw}.payouts", f"matrix must have {len(c.levels_y)} rows of {len(c.levels_x)} values",
                                "one row per levels_y entry, one value per levels_x entry"))
            else:
                out += _commission_problems(cw, c, plan, s)
    return out


def _commission_problems(cw: str, c: CommissionComponent, plan: Plan, s: Scenario) -> list[tuple[str, str, str]]:
    out = []
    goal = s.goals.get(c.goal)
    if goal is not None and METRICS[goal.metric].aggregation is not Aggregation.SUM:
        out.append((f"{cw}.goal", f"commission needs an amount metric; {goal.metric!r} is a ratio",
                    "pay commission on a summed metric such as bookings or revenue"))
    starts = [t.start for t in c.tiers]
    if not c.tiers or any(b <= a for a, b in zip(starts, starts[1:])):
        out.append((f"{cw}.tiers", f"tier starts {starts} must be strictly increasing", "list tiers lowest first"))
    if c.tier_mode is TierMode.INTERPOLATED:
        if any(t.amount is None for t in c.tiers):
            out.append((f"{cw}.tiers", "interpolated tiers need an amount each", "give every tier an amount"))
        if c.ceiling is None or (starts and c.ceiling <= starts[-1]):
            out.append((f"{cw}.ceiling", "interpolated tables need a ceiling above the last tier start",
                        "set ceiling to where the last band ends"))
    elif any(t.rate is None for t in c.tiers):
        out.append((f"{cw}.tiers", f"{c.tier_mode.value} tiers need a rate each", "give every tier a rate (percent)"))
    acc = c.accumulate.months
    if acc and acc < plan.measurement_period.months:
        out.append((f"{cw}.accumulate", f"cannot accumulate within a {c.accumulate.value} when the plan measures "
                    f"{plan.measurement_period.value}", "accumulate over 'period' or a longer window"))
    return out


# ---------------------------------------------------------------------------------------
# Load and save


def _issues_from_validation(file: str, exc: ValidationError) -> list[Issue]:
    issues = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err["loc"] if p not in ("bonus", "matrix", "commission"))
        msg = err["msg"].removeprefix("Value error, ")
        if err["type"] == "value_error" and "||" in msg:  # our cross-field checks, one per line
            for line in msg.split("\n"):
                where_what, fix = line.split(" || ", 1)
                where, what = where_what.split(": ", 1)
                issues.append(Issue(file, where, what, fix))
            continue
        fix = {
            "extra_forbidden": "remove it, or check its spelling against the README's scenario format",
            "missing": "add this field",
            "union_tag_invalid": "set kind to 'bonus', 'matrix' or 'commission'",
            "union_tag_not_found": "set kind to 'bonus', 'matrix' or 'commission'",
        }.get(err["type"], "correct the value as described")
        what = "unknown field" if err["type"] == "extra_forbidden" else msg
        issues.append(Issue(file, loc or "(top level)", what, fix))
    return issues


def _raw_weight_issues(data: dict, file: str) -> list[Issue]:
    """Weight sums read straight from the raw dict: reported even when other field errors stop
    the model's own cross-field checks from running."""
    issues = []
    roles = data.get("roles") if isinstance(data, dict) else None
    for role, plan in (roles or {}).items():
        comps = plan.get("components") if isinstance(plan, dict) else None
        weights = [c.get("weight") for c in comps or [] if isinstance(c, dict) and c.get("kind") != "commission"]
        if weights and all(isinstance(w, (int, float)) for w in weights):
            total = float(sum(weights))
            if abs(total - 100.0) > WEIGHT_TOLERANCE:
                issues.append(Issue(file, f"roles.{role}.components", f"bonus weights sum to {total:g}%, not 100%",
                                    "change the weights so they add up to 100"))
    return issues


def scenario_from_dict(data: dict, file: str = "<scenario>") -> Scenario:
    """Validate a plain dict into a Scenario, or raise InputError listing every problem."""
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        issues = _issues_from_validation(file, exc)
        known = {(i.where, i.problem) for i in issues}
        issues += [i for i in _raw_weight_issues(data, file) if (i.where, i.problem) not in known
                   and not any(k[0] == i.where and "weights sum" in k[1] for k in known)]
        raise InputError(issues) from None


def load_scenario(path: str | Path) -> Scenario:
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError([Issue(str(path), "file", f"cannot be read ({exc.strerror})",
                                "check the path")]) from None
    return parse_scenario(raw, str(path))


def parse_scenario(raw: bytes, file: str = "<scenario>") -> Scenario:
    """Parse TOML bytes (e.g. an upload) into a Scenario."""
    if not raw.strip():
        raise InputError([Issue(file, "file", "is empty", "choose a scenario file (TOML)")])
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise InputError([Issue(file, "file", "is not UTF-8 text", "save the scenario as UTF-8 TOML")]) from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError([Issue(file, "TOML syntax", str(exc), "fix the syntax at the line and column shown")]) from None
    return scenario_from_dict(data, file)


def scenario_to_toml(s: Scenario) -> str:
    data = s.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
    data = {"schema_version": s.schema_version, **data}
    return tomli_w.dumps(data)


def save_scenario(s: Scenario, path: str | Path, *, overwrite: bool = False) -> Path:
    """Write atomically (temp file + rename). Refuses to replace a file unless overwrite=True."""
    path = Path(path)
    if path.exists() and not overwrite:
        raise ScenarioExistsError(f"{path} already exists; confirm to overwrite it")
    text = scenario_to_toml(s)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
