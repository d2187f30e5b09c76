"""comp-align: model, replay and compare the VP Sales and VP Marketing plans together.

Typical use::

    from comp_models import run, statement, annual_summary, explain
    scenario, history, result = run("scenarios/integrated.toml")
    stmt = statement(result)                 # every line, exact cents, with its trace
    annual_summary(result, stmt)             # per role and year
    explain(stmt, "vp_sales", "2024-Q2", "Company revenue")

The packages, lowest first (each imports only those before it; see docs/architecture.md):
`types`, `errors` → `metrics` → `payouts` → `plans` → `periods` → `engine` → `statements`,
`analysis` → `data`, `reports` → `cli`.

The public names below are imported on first use (PEP 562 module `__getattr__`): `import comp_models`
or `from comp_models.plans import Scenario` does not import the analysis, the reports or the data
readers until a name from them is asked for (the app starts faster). `from comp_models import X` and
`comp_models.X` work as before; `__all__` lists every public name.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

# public name -> (module, attribute in it)
_PUBLIC: dict[str, tuple[str, str]] = {
    **{n: ("comp_models.analysis.pairing", n)
       for n in ("DEFAULT_CONFLICT_THRESHOLD", "co_movement", "conflict_mask", "payout_pct", "vp_pair")},
    "simulate_years": ("comp_models.analysis", "simulate_performance"),
    **{n: ("comp_models.data", n)
       for n in ("DEFAULT_SCENARIO", "SAMPLE_HISTORY", "SAMPLE_TARGETS", "load_history", "load_inputs", "load_targets",
                 "parse_history", "parse_targets", "preset_paths", "run", "sample_inputs")},
    **{n: ("comp_models.engine", n)
       for n in ("Performance", "ReplayResult", "RoleResult", "Windows", "apply_conditions", "attainment_pct",
                 "commission_earned", "component_payout_pct", "performance", "plan_adjustments", "replay")},
    **{n: ("comp_models.errors", n) for n in ("InputError", "Issue", "ScenarioExistsError")},
    **{n: ("comp_models.metrics", n) for n in ("HISTORY_COLUMNS", "METRICS", "History")},
    **{n: ("comp_models.payouts", n) for n in ("curve_payout", "matrix_payout", "tiered_commission")},
    "resolve_targets": ("comp_models.periods", "resolve_targets"),
    **{n: ("comp_models.plans", n)
       for n in ("BonusComponent", "CommissionComponent", "ConditionalCap", "Draw", "Gate", "Goal", "MatrixComponent",
                 "Multiplier", "Plan", "Scenario", "Tier", "load_scenario", "parse_scenario", "save_scenario",
                 "scenario_from_dict", "scenario_to_toml")},
    **{n: ("comp_models.reports", n) for n in ("statement_csv", "workbook_bytes", "write_export")},
    **{n: ("comp_models.statements", n)
       for n in ("annual_summary", "component_summary", "explain", "period_table", "side_by_side", "statement",
                 "to_cents")},
    **{n: ("comp_models.types", n)
       for n in ("Accumulate", "Aggregation", "Direction", "Period", "TierBasis", "TierMode", "TrueUp")},
}

__all__ = [
    "Accumulate", "Aggregation", "Direction", "Period", "TierBasis", "TierMode", "TrueUp",
    "curve_payout", "matrix_payout", "tiered_commission",
    "Performance", "ReplayResult", "RoleResult", "Windows", "apply_conditions", "attainment_pct", "commission_earned",
    "component_payout_pct", "performance", "plan_adjustments", "replay",
    "DEFAULT_CONFLICT_THRESHOLD", "co_movement", "conflict_mask", "payout_pct", "simulate_years", "vp_pair",
    "InputError", "Issue", "ScenarioExistsError",
    "statement_csv", "workbook_bytes", "write_export",
    "History", "load_history", "load_targets", "parse_history", "parse_targets",
    "HISTORY_COLUMNS", "METRICS", "to_cents",
    "DEFAULT_SCENARIO", "SAMPLE_HISTORY", "SAMPLE_TARGETS", "load_inputs", "preset_paths", "run", "sample_inputs",
    "BonusComponent", "CommissionComponent", "ConditionalCap", "Draw", "Gate", "Goal", "MatrixComponent",
    "Multiplier", "Plan", "Scenario", "Tier", "load_scenario", "parse_scenario", "save_scenario",
    "scenario_from_dict", "scenario_to_toml",
    "annual_summary", "component_summary", "explain", "period_table", "side_by_side", "statement",
    "resolve_targets",
]


def __getattr__(name: str):
    """A public name, imported from its module on first use and kept in the package's namespace."""
    try:
        module, attr = _PUBLIC[name]
    except KeyError:
        raise AttributeError(f"module 'comp_models' has no attribute {name!r}") from None
    value = getattr(importlib.import_module(module), attr)
    globals()[name] = value  # later look-ups are plain attribute reads
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


if TYPE_CHECKING:  # for type checkers and IDEs: the same names, imported eagerly
    from comp_models.analysis import simulate_performance as simulate_years
    from comp_models.analysis.pairing import (DEFAULT_CONFLICT_THRESHOLD, co_movement, conflict_mask, payout_pct,
                                              vp_pair)
    from comp_models.data import (DEFAULT_SCENARIO, SAMPLE_HISTORY, SAMPLE_TARGETS, load_history, load_inputs,
                                  load_targets, parse_history, parse_targets, preset_paths, run, sample_inputs)
    from comp_models.engine import (Performance, ReplayResult, RoleResult, Windows, apply_conditions, attainment_pct,
                                    commission_earned, component_payout_pct, performance, plan_adjustments, replay)
    from comp_models.errors import InputError, Issue, ScenarioExistsError
    from comp_models.metrics import HISTORY_COLUMNS, METRICS, History
    from comp_models.payouts import curve_payout, matrix_payout, tiered_commission
    from comp_models.periods import resolve_targets
    from comp_models.plans import (BonusComponent, CommissionComponent, ConditionalCap, Draw, Gate, Goal,
                                   MatrixComponent, Multiplier, Plan, Scenario, Tier, load_scenario, parse_scenario,
                                   save_scenario, scenario_from_dict, scenario_to_toml)
    from comp_models.reports import statement_csv, workbook_bytes, write_export
    from comp_models.statements import (annual_summary, component_summary, explain, period_table, side_by_side,
                                        statement, to_cents)
    from comp_models.types import Accumulate, Aggregation, Direction, Period, TierBasis, TierMode, TrueUp
