"""The per-row reference the benchmark times and checks the engine against: the independent oracle
of docs/money.md (tests/oracle), which reads the scenario as plain TOML and implements every rule
with Python loops over periods and components. It shares nothing with the engine.

`oracle_years` replays N simulated years one by one (as a per-row implementation does) and returns
each year's statement lines in integer cents; `engine_lines` gives the engine's lines of one
simulated year in the same keys, from its statement, so every line can be compared.
"""

from __future__ import annotations

import numpy as np

from comp_models.engine import ReplayResult
from comp_models.statements import statement
from tests.oracle.inputs import parse_scenario, parse_targets
from tests.oracle.measure import Data, score_label
from tests.oracle.rules import role_lines

Key = tuple[str, str, str, str]  # role, period, line kind, component


class OracleReplay:
    """The oracle prepared once for a scenario (parsed TOML, file targets); `run(columns, n)` replays."""

    def __init__(self, scenario_toml: str, targets_csv: str | None):
        self.scenario = parse_scenario(scenario_toml)
        self.file_targets = parse_targets(targets_csv)

    def run(self, months: list[str], columns: dict[str, np.ndarray], n: int) -> list[dict[Key, tuple[int, int, int]]]:
        """Lines of each of the first n simulated years: key -> (earned, paid, balance) cents."""
        ym = [(int(m[:4]), int(m[5:7])) for m in months]
        rows = {c: v[:n].tolist() for c, v in columns.items()}
        fy = self.scenario.get("fy_start", 1)
        # simulated years study the current plans over whole plan years: no earlier versions, employment
        # dates, adjustments or SPIFFs (docs/money.md §14)
        current = {rid: dict(chain[-1], effective_from=None) for rid, chain in self.scenario["versions"].items()}
        out = []
        for s in range(n):
            scores = {}  # simulated years: every objective at its scores from the columns (§9)
            for gid, goal in self.scenario["goals"].items():
                if goal["metric"] == "objective":
                    for i, month in enumerate(ym):
                        scores[(gid, score_label(month, goal["scored_months"], fy))] = rows[f"objective:{gid}"][s][i]
            data = Data(ym, {c: v[s] for c, v in rows.items()}, self.scenario["goals"], self.file_targets, scores, fy)
            lines: dict[Key, tuple[int, int, int]] = {}
            for rid in self.scenario["roles"]:
                for ln in role_lines(data, rid, [current[rid]], None, [], [])[0]:
                    key = (ln["role"], ln["period"], ln["line"], ln["component"])
                    e, p, b = lines.get(key, (0, 0, 0))
                    lines[key] = (e + ln["earned_cents"], p + ln["paid_cents"], b + ln["balance_cents"])
            out.append(lines)
        return out


def engine_lines(result: ReplayResult, s: int) -> dict[Key, tuple[int, int, int]]:
    """The engine's statement lines of scenario s: key -> (earned, paid, balance) cents."""
    stmt = statement(result, s)
    out: dict[Key, tuple[int, int, int]] = {}
    for row in stmt[["role", "period", "line", "component", "earned", "paid", "balance"]].itertuples(index=False):
        key = (row.role, row.period, row.line, row.component)
        e, p, b = out.get(key, (0, 0, 0))
        out[key] = (e + round(row.earned * 100), p + round(row.paid * 100), b + round(row.balance * 100))
    return out


def differing_lines(engine: dict, oracle: dict) -> list[str]:
    """Keys on which the two disagree (a line missing on one side reads as 0)."""
    zero = (0, 0, 0)
    return [f"{k}: engine {engine.get(k, zero)}, oracle {oracle.get(k, zero)}"
            for k in sorted(set(engine) | set(oracle)) if engine.get(k, zero) != oracle.get(k, zero)]
