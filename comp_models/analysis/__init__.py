"""Analysis on top of the engine: do the two plans pull together?

Owns the alignment measures (shared pay, co-movement, conflicts, incentive gradients, pay for
performance, the scorecard), stress tests of the funnel, Monte Carlo simulation of years, the
weight optimiser and the sales-marketing self-assessment. Each measure replays plans through
`comp_models.engine`; nothing here rounds money (statements do) or reads files (data does).
Imports `engine`, `plans`, `periods`, `payouts`, `metrics`, `types`, `errors`.

Modules, lowest first (each imports only modules listed before it):

- `pairing`: the two VPs (`vp_pair`), payout %, the co-movement statistic, the conflict test.
- `stress` (package): `funnel` (lags, revenue from bookings), `levers` (`LEVERS`), `stresses`
  (`STRESSES`), `run` (the stacked replay, `payout_series`, `stress_tests`).
- `simulate` (package): `sampler` (`YearSampler`), `years` (`simulate_performance`,
  `replay_years`, `monte_carlo`, `MonteCarlo`).
- `_common`: the history replay and the Monte Carlo run the history measures share.
- One module per family of alignment measures (docs/alignment.md sections 1-5): `sharing`
  (`shared_pay_share`), `comovement` (`co_movement`), `conflicts` (`conflict_periods`),
  `gradients` (`incentive_gradients`), `pay_elasticity` (`pay_for_performance`).
- `scorecard` (`MetricRow`, `Scorecard`, the overall verdict), `scorecard_rows` (each family's
  judged rows) and `alignment` (`alignment_scorecard`: one stacked replay, one Monte Carlo run,
  every row).
- `optimise` (package): `weights` (`apply_weights`), `candidates`, `scoring`, `search`
  (`optimise_weights`).
- `self_assessment`: the ten-question questionnaire (`score`, `QUESTIONS`).

`co_movement` here is the measure (scenario, history, targets) -> CoMovement; the statistic on
two series of the same name is `comp_models.analysis.pairing.co_movement` (exported by
`comp_models` as `co_movement`).
"""

from comp_models.analysis.alignment import alignment_scorecard
from comp_models.analysis.comovement import CoMovement, co_movement
from comp_models.analysis.conflicts import Conflicts, conflict_periods
from comp_models.analysis.gradients import Gradients, gradient_levers, incentive_gradients
from comp_models.analysis.optimise import OptimisationResult, apply_weights, functional_shares, optimise_weights
from comp_models.analysis.pairing import DEFAULT_CONFLICT_THRESHOLD, conflict_mask, payout_pct, vp_pair
from comp_models.analysis.pay_elasticity import PayForPerformance, pay_for_performance
from comp_models.analysis.scorecard import MetricRow, Scorecard
from comp_models.analysis.self_assessment import QUESTIONS, score
from comp_models.analysis.sharing import SharedPay, shared_pay_share
from comp_models.analysis.simulate import MonteCarlo, YearSampler, monte_carlo, replay_years, simulate_performance
from comp_models.analysis.stress import LEVERS, STRESSES, PayoutSeries, payout_series, stress_tests

__all__ = [
    "alignment_scorecard", "Scorecard", "MetricRow",
    "shared_pay_share", "SharedPay", "co_movement", "CoMovement", "conflict_periods", "Conflicts",
    "incentive_gradients", "gradient_levers", "Gradients", "pay_for_performance", "PayForPerformance",
    "payout_series", "PayoutSeries",
    "stress_tests", "STRESSES", "LEVERS",
    "monte_carlo", "MonteCarlo", "simulate_performance", "replay_years", "YearSampler",
    "optimise_weights", "apply_weights", "functional_shares", "OptimisationResult",
    "score", "QUESTIONS",
    "DEFAULT_CONFLICT_THRESHOLD", "conflict_mask", "payout_pct", "vp_pair",
]
