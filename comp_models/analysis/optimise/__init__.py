"""Search the two plans' component weights for alignment under a cost budget.

Objective (higher is better), from one fixed-seed Monte Carlo shared by every candidate
(common random numbers, so differences between candidates are differences of plans, not of
luck):

    alignment = co-movement - conflict rate

    co-movement    `pairing.co_movement` across simulated years of the two VPs' payout %
                   (`pairing.payout_pct`: earned / annual target variable); 0 when either
                   payout is constant
    conflict rate  share of simulated years in which one VP earns >= 100% of target while
                   the other earns below `threshold_pct` (70%) of target

Constraints, per plan: bonus weights are multiples of `step_pct` summing to 100, none above
`max_weight_pct` (default 100: no limit). A plan with k weighted components cannot keep every
weight under a cap below 100 / k; for such a plan the cap is raised to the smallest multiple
of `step_pct` that is at least 100 / k (one component: 100; two: 50), so every preset can be
searched at any cap, and the caps used are reported in `settings["max_weight_by_role"]`. The
weights on functional goals (components whose
goals no other role pays on) sum to at least `min_functional_pct` (when the plan has both
functional and shared components); and, for the chosen answer, the expected cost (mean
variable pay of both roles per simulated year) is <= `budget` (default: the current plans'
expected cost). The current plans are always scored as a reference, even when they break a
constraint (they then appear only in `baseline`). The shared-goal share of each plan is 100 minus its
functional share, so searching weights searches it too. Commission components have no weight
and are left as they are.

Method: seeded random search. Each role gets `n_candidates` weight vectors: the functional
share drawn uniformly from the range the constraints allow ([min_functional_pct, 100],
narrowed so that each group can hold its share under the cap), split within the functional
and shared groups by Dirichlet(1) draws, each weight above the cap clipped and the excess
handed to the group's other weights in proportion to their room under the cap, rounded to
`step_pct` (largest remainder, which never lifts a weight above a cap that is a multiple of
the step), deduplicated; the current weights are always included. When the functional
minimum and the cap contradict each other (e.g. one functional component, a 40% cap and a
60% minimum) the search raises InputError saying which setting to change. Every pair of a sales and a marketing candidate is
scored.

Why it is fast and still exact: a component's payout % in a window (attainment through its
curve, gates, conditional caps, joint-upside rules, matrix look-ups) does not depend on any
weight. One engine replay of the current plans gives those percentages; a plan's earnings
for a year are then, exactly,

    sum over basis windows w of  min(factor_w * (share_w * sum_k weight_k * pct_wk / 10^4 + commission_w), cap_w)

where the basis windows are the full year for plans with an annual or year-to-date true-up
and the measurement periods otherwise, factor_w is the plan multiplier and cap_w the plan
cap. So plan caps and multipliers are honoured, not ignored. Payout % per candidate is a
matrix product. Where no candidate's year reaches its plan cap (none does in the presets' default
searches), a year's earnings are linear in the weights, weights @ coef + const, so the covariance
of every pair comes from the (K+1) x (K+1) products of the centred basis rows (each row's spread
from its own values), not from an (Na, years) x (years, Nb) product: the same co-movement within
1e-12 (tested against the plain products); otherwise co-movement for all pairs is that product of
the rows' z-scores. Alignments are compared to 1e-10 (`search.ALIGNMENT_DECIMALS`): pairs as
aligned but for rounding tie, and the frontier keeps the cheaper, whichever path scored them.
The conflicting years are counted by two products of 0/1 flags (in float32, exact for integer
counts, over only the candidates and years that have a flag). The Pareto frontier sorts only
the pairs that no pair of the same row or column beats outright. The frontier points are then
checked by a replay of each distinct plan of a role, once, that role only, on the window sums
and attainments the first replay measured (weights change no goal).

Modules: `weights` (`apply_weights`; the weighted and shared components of a plan),
`candidates` (the random draws within the constraints), `scoring` (the exact earnings of any
weights from one replay, the alignment score of every pair, the Pareto mask) and `search`
(`optimise_weights` and its `OptimisationResult`).
"""

from comp_models.analysis.optimise.scoring import alignment_score, pareto_mask
from comp_models.analysis.optimise.search import OptimisationResult, optimise_weights
from comp_models.analysis.optimise.weights import apply_weights, functional_shares

__all__ = ["OptimisationResult", "alignment_score", "apply_weights", "functional_shares", "optimise_weights",
           "pareto_mask"]
