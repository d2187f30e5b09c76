"""A ten-question yes/no self-assessment of the sales-marketing relationship.

The relationship stages are those of Kotler, Rackham & Krishnaswamy ("Ending the War Between
Sales and Marketing", HBR 2006): Undefined, Defined, Aligned, Integrated. Their diagnostic
scores 20 statements from 1 to 5 (total 20-100) with bands 20-39 Undefined, 40-59 Defined,
60-79 Aligned, 80-100 Integrated. The ten yes/no questions below are the short checklist
common in practitioner writing.

Scoring. Each question has an aligned answer (yes, except duplication of effort, which is
reverse-scored: "no" is the aligned answer). `points` counts aligned answers (0-10). To use
the published bands, each answer is mapped onto the 1-5 statement scale (aligned answer = 5,
other answer = 1) and the ten-question total is doubled to the 20-statement scale:

    krk_equivalent = 2 * (10 * 1 + 4 * points) = 20 + 8 * points

    points 0-2  -> 20, 28, 36   Undefined
    points 3-4  -> 44, 52       Defined
    points 5-7  -> 60, 68, 76   Aligned
    points 8-10 -> 84, 92, 100  Integrated

Complexity of the sale counts toward integration: the authors argue that tight integration
pays where the sale is complex (long cycles, buying committees, solution selling) and that a
simple, transactional sale can stay well served at the Defined stage; a "yes" therefore
points to a later stage. Each stage links to the preset plan pair under scenarios/ that fits it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

import numpy as np

__all__ = ["Assessment", "QUESTIONS", "Question", "STAGES", "Stage", "StageInfo", "krk_equivalent", "score",
           "stage_for_points"]


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    aligned_answer: bool  # the answer that counts a point
    why: str  # what an aligned answer shows, or what a misaligned one costs


QUESTIONS: tuple[Question, ...] = (
    Question("joint_meetings", "Do sales and marketing hold routine joint meetings (planning, pipeline and "
             "forecast reviews)?", True, "Regular joint meetings are where a common language and shared plans form."),
    Question("marketing_owns_growth", "Is marketing held responsible for top-line growth (revenue), not only "
             "for activity such as leads and campaigns?", True,
             "Marketing accountable for revenue shares the number sales is paid on."),
    Question("lead_handoff", "Is there an agreed process for handing qualified leads from marketing to sales "
             "(shared lead definition, acceptance and follow-up rules)?", True,
             "A jointly defined hand-off is the first thing the Defined stage puts in place."),
    Question("conflict_resolution", "Is there an agreed process for resolving disagreements between sales and "
             "marketing?", True, "Without one, conflicts are settled case by case in meetings (Undefined)."),
    Question("common_reporting_line", "Do sales and marketing report to one leader responsible for both "
             "(e.g. a chief revenue or chief customer officer)?", True,
             "A common reporting line makes shared metrics and rewards enforceable."),
    Question("duplication_of_effort", "Do the two functions duplicate effort (separate prospect lists, "
             "content, forecasts or customer contact)?", False,
             "Duplicated effort is the cost of unclear boundaries; aligned functions divide the work."),
    Question("complex_sale", "Is the sale complex (long cycles, buying committees, tailored solutions)?", True,
             "A complex sale needs and rewards tight integration; a transactional one can stay Defined."),
    Question("joint_planning_targets", "Do sales and marketing plan products or offers and set their targets "
             "jointly?", True, "Joint planning and targets mark the Aligned stage."),
    Question("joint_customer_discussions", "Do sales and marketing take part together in discussions with "
             "key customers (joint calls, account reviews, win-loss reviews)?", True,
             "Shared customer contact gives both functions the same picture of the buyer."),
    Question("joint_signoff_communications", "Do both functions sign off customer-facing communications "
             "(campaigns, sales collateral, messaging)?", True,
             "Joint sign-off keeps what marketing promises and what sales says consistent."),
)
QUESTION_KEYS = tuple(q.key for q in QUESTIONS)


class Stage(str, Enum):
    UNDEFINED = "Undefined"
    DEFINED = "Defined"
    ALIGNED = "Aligned"
    INTEGRATED = "Integrated"


@dataclass(frozen=True)
class StageInfo:
    stage: Stage
    krk_band: tuple[int, int]  # inclusive band on the 20-100 diagnostic scale (the published bands)
    description: str
    preset: str  # scenario file stem under scenarios/
    preset_reason: str

    @property
    def points(self) -> tuple[int, int]:
        """Inclusive band of aligned answers: the points whose krk_equivalent falls in krk_band."""
        inside = [p for p in range(len(QUESTIONS) + 1) if self.krk_band[0] <= krk_equivalent(p) <= self.krk_band[1]]
        return inside[0], inside[-1]


STAGES: tuple[StageInfo, ...] = (
    StageInfo(Stage.UNDEFINED, (20, 39),
              "Each function runs its own agenda; conflicts are settled in meetings as they arise.",
              "siloed", "Pay that mirrors today's silos: each VP on their own function's numbers. Use it as "
              "the baseline to see what misalignment costs."),
    StageInfo(Stage.DEFINED, (40, 59),
              "Rules and a common language for contested things such as a 'lead' reduce conflict.",
              "shared_revenue", "One shared revenue number on top of functional goals: the first shared reward."),
    StageInfo(Stage.ALIGNED, (60, 79),
              "Clear but flexible boundaries; joint planning and training.",
              "marketing_serves_sales", "Marketing paid on sales outcomes and on service to sales (accepted "
              "leads, sourced pipeline)."),
    StageInfo(Stage.INTEGRATED, (80, 100),
              "Shared systems, metrics and rewards; the functions plan and answer for revenue together.",
              "integrated", "Shared revenue, pipeline and process goals with gates and joint-upside rules."),
)


def _check_points(points: int) -> None:
    if isinstance(points, (bool, np.bool_)) or not isinstance(points, (int, np.integer)):
        raise TypeError(f"points must be a whole number of aligned answers, not {points!r}")
    if not 0 <= points <= len(QUESTIONS):
        raise ValueError(f"points must be between 0 and {len(QUESTIONS)}, not {points}")


def krk_equivalent(points: int) -> int:
    """Position on the 20-100 diagnostic scale of `points` aligned answers out of ten (an int 0-10;
    TypeError for a bool, float or anything else, ValueError outside 0-10)."""
    _check_points(points)
    return 20 + 8 * int(points)


def stage_for_points(points: int) -> StageInfo:
    """The stage whose band of the 20-100 scale contains krk_equivalent(points) (same argument checks)."""
    scaled = krk_equivalent(points)
    for info in STAGES:
        if info.krk_band[0] <= scaled <= info.krk_band[1]:
            return info
    raise AssertionError("the stage bands cover 20-100")  # pragma: no cover


@dataclass(frozen=True)
class Assessment:
    answers: dict[str, bool]
    points: int  # aligned answers, 0-10
    krk_equivalent: int  # 20-100
    stage: Stage
    info: StageInfo
    gaps: tuple[Question, ...]  # questions answered the misaligned way, in questionnaire order
    points_to_next_stage: int | None  # None at Integrated

    @property
    def preset(self) -> str:
        """File stem of the preset scenario that fits the stage."""
        return self.info.preset


def score(answers: dict[str, bool]) -> Assessment:
    """Score the ten answers (question key -> yes/no). Every question must be answered with a bool."""
    missing = [k for k in QUESTION_KEYS if k not in answers]
    unknown = [k for k in answers if k not in QUESTION_KEYS]
    bad = [k for k, v in answers.items() if k in QUESTION_KEYS and not isinstance(v, (bool, np.bool_))]
    if missing or unknown or bad:
        parts = []
        if missing:
            parts.append(f"unanswered: {', '.join(missing)}")
        if unknown:
            parts.append(f"unknown questions: {', '.join(unknown)} (the keys are {', '.join(QUESTION_KEYS)})")
        if bad:
            parts.append(f"answers must be True or False: {', '.join(bad)}")
        raise ValueError("; ".join(parts))
    clean = {q.key: bool(answers[q.key]) for q in QUESTIONS}
    gaps = tuple(q for q in QUESTIONS if clean[q.key] != q.aligned_answer)
    points = len(QUESTIONS) - len(gaps)
    info = stage_for_points(points)
    later = [s for s in STAGES if s.points[0] > info.points[1]]
    to_next = later[0].points[0] - points if later else None
    return Assessment(clean, points, krk_equivalent(points), info.stage, info, gaps, to_next)
