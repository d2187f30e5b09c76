"""The plan model: goals, components (bonus, matrix, commission, objectives), conditions and a role's plan.

Every percentage is written as a percent: weight 40 means 40% of the target incentive, a curve
point [80, 50] means 80% attainment pays 50%. Models are frozen and refuse unknown fields.
"""

from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

from comp_models.metrics import METRICS
from comp_models.types import Accumulate, Direction, Period, TierBasis, TierMode, TrueUp

SCHEMA_VERSION = 4  # 2: adjustments, budget goals, draw.forgive_at_year_end, computed on-target commission;
#                    3: objectives (MBOs) scored by the CEO, scores;
#                    4: fiscal years, plan versions (effective dating), employment dates and proration, SPIFFs
SUPPORTED_SCHEMA_VERSIONS = (1, 2, 3, 4)  # older files load unchanged
WEIGHT_TOLERANCE = 1e-6  # percent points


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)


MAX_PCT = 10_000.0  # a percentage that pays (curve, matrix, rate, cap, target_pct) is at most 100x


def _not_bool(value):
    """`weight = true` is not 100 (pydantic would read a bool as 1.0): a number field takes numbers."""
    if isinstance(value, bool):
        raise PydanticCustomError("bool_not_number", "is {value} (a true/false value), not a number", {"value": str(value).lower()})
    return value


Number = Annotated[float, BeforeValidator(_not_bool)]
Count = Annotated[int, BeforeValidator(_not_bool)]
Pct = Annotated[Number, Field(ge=-MAX_PCT, le=MAX_PCT)]
CurvePoint = tuple[Pct, Pct]


class Gate(_Model):
    """Pay nothing unless another goal reaches a level (e.g. revenue >= 85%)."""

    goal: str
    min_attainment: Number = Field(description="percent")


class ConditionalCap(_Model):
    """Cap the payout at `cap` percent unless another goal reaches `min_attainment` percent."""

    goal: str
    min_attainment: Number = 100.0
    cap: Pct = Field(default=100.0, ge=0)


class Multiplier(_Model):
    """Multiply the plan's total by a curve of a goal's attainment (a kicker or a brake)."""

    goal: str
    curve: list[CurvePoint]


class Draw(_Model):
    """A per-period guarantee of cash: the period's cash from earnings is topped up to the draw.

    A negative settlement (a claw-back) is never offset by the draw. A recoverable draw's top-ups
    are a balance owed, recovered only from later cash above the draw; the balance carries into
    the next plan year unless `forgive_at_year_end` (see docs/money.md §8).
    """

    amount: Number = Field(ge=0, description="per measurement period, in currency")
    recoverable: bool = True
    forgive_at_year_end: bool = False


class Termination(_Model):
    """What a role that leaves keeps (docs/money.md §10): the holdback still held is forfeited or paid
    out at the last employed period; a recoverable draw's balance is forgiven or recovered from it."""

    holdback: Literal["forfeit", "pay"] = "forfeit"
    draw_balance: Literal["forgive", "recover"] = "forgive"


class BonusComponent(_Model):
    """A weighted share of target incentive paid by a curve of one goal's attainment."""

    kind: Literal["bonus"]
    name: str
    goal: str
    weight: Number = Field(description="percent of the plan's target incentive")
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
    weight: Number
    levels_x: list[Pct]
    levels_y: list[Pct]
    payouts: list[list[Pct]]
    gates: list[Gate] = []
    conditional_caps: list[ConditionalCap] = []
    upside_requires: list[str] = []


class Tier(_Model):
    """One band of a commission table, starting at `start`.

    `rate` (percent of the amount) for marginal and retroactive tables; `amount`
    (currency earned across the whole band) for interpolated tables.
    """

    start: Number = Field(ge=0)
    rate: Pct | None = Field(default=None, ge=0)
    amount: Number | None = Field(default=None, ge=0)


class CommissionComponent(_Model):
    """Commission on an amount metric (e.g. bookings) from a tiered rate table."""

    kind: Literal["commission"]
    name: str
    goal: str
    target_earnings: Number | None = Field(default=None, ge=0, description=(
        "on-target annual commission, for % of target and pay mix; default: the tier table at 100% of each "
        "year's target"))
    tier_mode: TierMode = TierMode.MARGINAL
    tier_basis: TierBasis = TierBasis.AMOUNT
    accumulate: Accumulate = Accumulate.PERIOD
    tiers: list[Tier]
    ceiling: Number | None = Field(default=None, description="end of the last band (required when interpolated)")
    gates: list[Gate] = []


class ObjectiveWeight(_Model):
    """One objective (a goal of metric `objective`) in an objectives component, with its weight in it."""

    goal: str
    weight: Number = Field(ge=0, description="percent of the component; the objectives' weights sum to 100")


class ObjectivesComponent(_Model):
    """A weighted share of target incentive paid on objectives scored by the CEO (MBOs): product training,
    competitive positioning, a joint launch, a campaign. Payout % = Σ objective weight × its score
    (the mean over the window's months of the scores entered, each holding for its scoring period),
    capped at `cap`; gates and conditional caps as for a bonus. An objective paid in both plans is a
    shared objective: one score, paid to both VPs."""

    kind: Literal["objectives"]
    name: str
    weight: Number = Field(description="percent of the plan's target incentive")
    objectives: list[ObjectiveWeight]
    cap: Pct | None = Field(default=None, ge=0, description="the component's payout % is at most this")
    gates: list[Gate] = []
    conditional_caps: list[ConditionalCap] = []
    upside_requires: list[str] = []

    @property
    def goal(self) -> str:
        """The first objective (where one goal is shown); `goals` lists them all."""
        return self.objectives[0].goal if self.objectives else ""

    @property
    def goals(self) -> list[str]:
        return [o.goal for o in self.objectives]


Component = Annotated[Union[BonusComponent, MatrixComponent, CommissionComponent, ObjectivesComponent],
                      Field(discriminator="kind")]


def component_goals(c) -> list[str]:
    """The goals a component pays on: its goal, a matrix's two, an objectives component's objectives."""
    if isinstance(c, ObjectivesComponent):
        return c.goals
    return [c.goal, c.goal_y] if isinstance(c, MatrixComponent) else [c.goal]


class Plan(_Model):
    """One role's variable-pay plan."""

    title: str
    base_salary: Number = Field(gt=0)
    target_incentive: Number | None = Field(default=None, ge=0, description="annual, currency")
    target_incentive_pct_of_base: Pct | None = Field(default=None, ge=0)
    measurement_period: Period = Period.QUARTERLY
    true_up: TrueUp = TrueUp.ANNUAL
    holdback_pct: Number = Field(default=0.0, ge=0, le=100)
    clawback_pct: Number = Field(default=0.0, ge=0, le=100, description="share of a year-end overpayment recovered")
    installments: Count = Field(default=1, ge=1, le=12, description="each payment is spread over this many periods")
    plan_cap: Pct | None = Field(default=None, gt=0, description="total payout cap, as % of target variable")
    multiplier: Multiplier | None = None
    gates: list[Gate] = Field(default=[], description="plan activation gates applied to every component")
    draw: Draw | None = None
    effective_from: str | None = Field(default=None, description=(
        "YYYY-MM: the first month this version of the role's plan is in force (earlier versions: "
        "Scenario.earlier_plans); none: from the start of the history"))
    proration: Literal["months", "days"] = Field(default="months", description=(
        "a partial plan year (a start, a leave, a plan change) is paid by whole months, or by days employed"))
    at_termination: Termination = Termination()
    components: list[Component]

    @property
    def annual_target_incentive(self) -> float:
        """Bonus target incentive per year (absolute, or % of base)."""
        if self.target_incentive is not None:
            return self.target_incentive
        return self.base_salary * (self.target_incentive_pct_of_base or 0.0) / 100.0

    @property
    def annual_commission_target(self) -> float:
        """On-target commission as stated (`target_earnings`); components that leave it to the tier
        table count 0 here: the engine computes theirs per year (`RoleResult.target_variable`)."""
        return sum(c.target_earnings or 0.0 for c in self.components if isinstance(c, CommissionComponent))

    @property
    def commission_target_from_tiers(self) -> bool:
        """Whether some commission's on-target figure comes from its tier table (not stated)."""
        return any(isinstance(c, CommissionComponent) and c.target_earnings is None for c in self.components)

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


class ScoreDistribution(_Model):
    """Scores drawn for simulated years: normal around `mean` with `sd`, clipped to [0, max score]."""

    mean: Pct = Field(ge=0)
    sd: Pct = Field(ge=0)


class ObjectiveScoring(_Model):
    """How an objective goal is scored: per scoring period, as a percent (0 to `max_score`) or as a level
    name mapped to a percent (`levels`, e.g. missed 0 / met 100 / exceeded 150). Simulations and stress
    tests cannot know future scores: they hold `simulated_score`, a percent or a distribution."""

    scored: Literal["monthly", "quarterly", "half-yearly", "annual"] = "quarterly"
    levels: dict[str, Pct] = {}
    max_score: Pct = Field(default=150.0, ge=0)
    simulated_score: Pct | ScoreDistribution = 100.0

    @property
    def months(self) -> int:
        return {"monthly": 1, "quarterly": 3, "half-yearly": 6, "annual": 12}[self.scored]


class Score(_Model):
    """A score of an objective for one scoring period ("2024-Q3", "2024-H1", "2024-03", "2024"), with a note."""

    goal: str
    period: str
    score: Number | str = Field(description="a percent, or a level name of the objective's scoring")
    note: str = ""


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
    annual_targets: dict[str, Number] = {}
    period_targets: dict[str, Number] = {}
    monthly_profile: str | list[Number] = "flat"
    target_pct: Pct = Field(default=100.0, gt=0)
    scoring: ObjectiveScoring | None = Field(default=None, description="objective goals: how scores are given")
    budget_tolerance_pct: Number = Field(default=2.0, ge=0, le=100,
                                        description="budget goals: overspend within this many points still attains 100%")

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

    @property
    def is_objective(self) -> bool:
        return self.metric == "objective"

    @property
    def resolved_scoring(self) -> ObjectiveScoring:
        return self.scoring or ObjectiveScoring()


class Adjustment(_Model):
    """An explicit line in a role's statement: a claw-back of a cancelled deal, a correction, an award.

    Paid (or recovered) in the plan period containing `month`, outside holdback, floor, draw and
    installments; the line is `amount × share_pct / 100`, and the trace quotes the reason.
    """

    month: str = Field(description="YYYY-MM")
    role: str
    component: str = Field(default="plan", description="a component's name, or 'plan'")
    amount: Number
    share_pct: Number = Field(default=100.0, ge=0, le=100)
    reason: str = ""


class Employment(_Model):
    """When the person in a role started and left ("YYYY-MM-DD", or "YYYY-MM" for the month's first day);
    no pay outside these dates, and partial plan years are prorated (docs/money.md §10)."""

    start: str | None = None
    end: str | None = None


class Spiff(_Model):
    """A one-off award outside the weights (docs/money.md §12): `amount` (currency, to each role) or
    `rate_pct` percent of `goal`'s actual over the months `start`..`end`, paid with the period holding
    `end` when the condition (the goal's actual at least `min_actual`, or attainment at least
    `min_attainment` percent) holds; shown apart from the plan's components in pay mix and cost."""

    name: str
    roles: list[str]
    start: str = Field(description="YYYY-MM, first month of the award window")
    end: str = Field(description="YYYY-MM, last month of the award window")
    amount: Number | None = Field(default=None, ge=0, description="a fixed award, currency, to each role")
    rate_pct: Pct | None = Field(default=None, ge=0, description="percent of the goal's actual over the window")
    goal: str | None = None
    min_actual: Number | None = None
    min_attainment: Number | None = None
    note: str = ""


def pays_on(component: Component, goal: str) -> bool:
    return goal in component_goals(component)


def plan_goal_refs(plan: Plan) -> set[str]:
    """Every goal a plan refers to: components, matrices, gates, caps, upside rules, multiplier."""
    refs = {g.goal for g in plan.gates}
    if plan.multiplier:
        refs.add(plan.multiplier.goal)
    for c in plan.components:
        refs.update(component_goals(c))
        refs.update(g.goal for g in c.gates)
        refs.update(g.goal for g in getattr(c, "conditional_caps", []))
        refs.update(getattr(c, "upside_requires", []))
    return refs
