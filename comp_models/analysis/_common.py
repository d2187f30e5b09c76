"""The replays the history measures share: the history replayed once (S = 1) with its window
sums and the two VPs' payout % per comparison period (`_Base`), and the optional Monte Carlo run
over simulated years (`_monte_carlo`) that co-movement, conflicts, pay for performance and the
scorecard read their simulated figures from. Both study the scenario as designed
(`Scenario.as_designed()`, docs/money.md §14).
"""

from __future__ import annotations

from dataclasses import dataclass

from comp_models.analysis.pairing import vp_pair
from comp_models.analysis.simulate.years import monte_carlo
from comp_models.analysis.stress.run import PayoutSeries, payout_series
from comp_models.engine import Windows, performance, replay
from comp_models.errors import InputError
from comp_models.metrics import History
from comp_models.plans import Scenario


@dataclass(frozen=True)
class _Base:
    windows: Windows  # window sums whose scenario 0 is the history (the measures read row 0)
    series: PayoutSeries  # the pair's payout % (S = 1)


def _base(scenario: Scenario, history: History, annual_targets) -> _Base:
    scenario = scenario.as_designed()
    perf = performance(scenario, history, annual_targets, scenario.name)
    return _Base(Windows(perf, scenario), payout_series(replay(scenario, perf), vp_pair(scenario)))


def _monte_carlo(scenario: Scenario, history: History, annual_targets, simulations: int, seed: int):
    """(MonteCarlo or None, note): None when simulations <= 0 or the history cannot be simulated."""
    if not simulations or simulations <= 0:
        return None, "not simulated (simulations = 0)"
    try:
        return monte_carlo(scenario, history, annual_targets, n_years=int(simulations), seed=int(seed)), ""
    except InputError as exc:
        return None, "not simulated: " + "; ".join(i.problem for i in exc.issues)
