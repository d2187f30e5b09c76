"""`python -m comp_models align SCENARIO [--history FILE] [--targets FILE] [--simulations N] [--seed S] [--json]`.

Prints the alignment scorecard: every measure with its value (per VP where it applies), its
verdict and how it was computed; the overall verdict; the conflict periods with their causes;
the incentive gradients; the stress tests. With --json, the scorecard's `to_dict()`.
"""

from __future__ import annotations

import json
import textwrap

import numpy as np
import pandas as pd

from comp_models.analysis import Scorecard, alignment_scorecard
from comp_models.data import load_inputs

WIDTH = 110


def _value(x, unit: str) -> str:
    if x is None or (isinstance(x, float) and not np.isfinite(x)):
        return "-"
    if unit in ("correlation", "cosine", "% pay per 1% revenue"):
        return f"{x:+.2f}"
    if unit.startswith("share of"):
        return f"{100 * x:.1f}%"
    if unit.startswith("%"):
        return f"{x:.1f}%"
    return f"{x:g}"


def _change(money: float, pct: float) -> str:
    """'+1,234 (+5.6%)'; '-' for an undefined change (e.g. no revenue in the history)."""
    if not np.isfinite(money):
        return "-"
    return f"{money:+,.0f} ({pct:+.1f}%)" if np.isfinite(pct) else f"{money:+,.0f}"


def _left(df: pd.DataFrame) -> str:
    """A small table with left-aligned text columns."""
    cols = list(df.columns)
    cells = [[str(c) for c in cols]] + [[str(v) for v in row] for row in df.itertuples(index=False)]
    widths = [max(len(r[i]) for r in cells) for i in range(len(cols))]
    return "\n".join("  ".join(v.ljust(w) for v, w in zip(r, widths)).rstrip() for r in cells)


def render_scorecard(card: Scorecard) -> str:
    """The scorecard as plain text (what the CLI prints)."""
    roles = list(card.roles)  # the two VPs
    sims = (f"{card.simulations:,} simulated years ({card.simulation_method}), seed {card.seed}"
            if card.simulations else "no simulation")
    lines = [f"Alignment scorecard: {card.scenario}  (history {card.months[0]} to {card.months[1]}; {sims})", ""]
    if card.simulation_assumptions:
        lines += [card.simulation_assumptions + ".", ""]
    lines += ["Overall: " + card.overall, ""]
    table = pd.DataFrame([{"measure": m.label, "value": _value(m.value, m.unit),
                           **{card.roles[r]: _value((m.per_vp or {}).get(r), m.unit) for r in roles},
                           "status": m.status} for m in card.metrics])
    lines += [_left(table), ""]
    for m in card.metrics:
        lines.append(f"{m.label} [{m.status}]: {m.verdict}")
        lines += textwrap.wrap(f"How: {m.how} ({m.doc}; {m.function})", WIDTH, initial_indent="    ",
                               subsequent_indent="    ")
    lines.append("")
    con = card.conflicts
    lines.append(f"Conflict periods (one VP >= 100% of target while the other < {con.threshold_pct:g}%), "
                 f"{con.table.shape[0]} {card.co_movement.basis}s of history:")
    if con.periods.empty:
        lines.append("    none")
    for row in con.periods.itertuples():
        lines += textwrap.wrap(f"{row.period}: {row.cause}", WIDTH, initial_indent="    ", subsequent_indent="      ")
    per = con.table[["period", *[f"{r}_pct" for r in roles], "conflict"]].copy()
    per.columns = ["period", *[f"{card.roles[r]} %" for r in roles], "conflict"]
    for r in roles:
        per[f"{card.roles[r]} %"] = per[f"{card.roles[r]} %"].map(lambda v: "-" if not np.isfinite(v) else f"{v:.0f}%")
    per["conflict"] = per["conflict"].map(lambda v: "CONFLICT" if v else "")
    lines += ["", "Payout % per period", _left(per), ""]
    g = card.gradients
    gt = pd.DataFrame({"lever": g.table["label"], "plan metrics": g.table["metrics"],
                       **{f"{card.roles[r]} $": g.table[f"{r}_change"].map(lambda v: f"{v:,.0f}") for r in roles},
                       **{f"{card.roles[r]} el.": g.table[f"{r}_elasticity"].map(lambda v: f"{v:+.2f}")
                          for r in roles},
                       "revenue $": g.table["revenue_change"].map(lambda v: f"{v:,.0f}"),
                       "revenue el.": g.table["revenue_elasticity"].map(lambda v: f"{v:+.2f}"),
                       "orphan": g.table["orphan"], "harmful": g.table["harmful"],
                       "no revenue": g.table["value_neutral"]})
    lines += [f"Incentive gradients: pay change over the whole history for a +{g.step_pct:g}% move "
              f"(el. = % pay per 1%)", _left(gt), ""]
    st = card.stress
    stt = pd.DataFrame({"stress": st["label"], "strength": st["strength"].map(lambda v: f"{v:g}"),
                        **{f"{card.roles[r]}": [_change(c, p) for c, p in
                                                zip(st[f"{r}_change"], st[f"{r}_change_pct"])] for r in roles},
                        "revenue": [_change(c, p) for c, p in zip(st["revenue_change"], st["revenue_change_pct"])],
                        "gross profit": ["-" if not np.isfinite(p) else f"{p:+.1f}%"
                                         for p in st["gross_profit_change_pct"]],
                        "conflicts": [f"{c}/{n}" for c, n in zip(st["conflict_periods"], st["n_periods"])],
                        "flag: paid more while the company does worse": st["flagged"].replace("", "-")})
    lines += ["Stress tests (payout change beside the company's, whole history)", _left(stt), ""]
    t = card.timing_ms
    lines.append(f"Computed in {t['total_ms']:.0f} ms (replay {t['replay_ms']:.0f} ms, Monte Carlo "
                 f"{t['monte_carlo_ms']:.0f} ms). Formulas: docs/alignment.md")
    return "\n".join(lines)


def main(args) -> int:
    """Run the command; bad input (a missing file, a scenario with fewer than two roles, ...) raises
    InputError / ValueError, which `cli.main` reports in one message with exit code 2."""
    scenario, history, annual, _ = load_inputs(args.scenario, args.history, args.targets)
    if args.simulations < 0:
        raise ValueError(f"--simulations must be 0 or more, not {args.simulations}")
    card = alignment_scorecard(scenario, history, annual, simulations=args.simulations, seed=args.seed)
    if args.json:
        print(json.dumps(card.to_dict(), indent=2, ensure_ascii=False, allow_nan=False))
    else:
        print(render_scorecard(card))
    return 0
