"""Command line: python -m comp_models {run, validate, bench}."""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

import pandas as pd

from comp_models.errors import InputError
from comp_models.reports import write_export
from comp_models.data import parse_history, parse_targets
from comp_models.data import DATA_DIR, SAMPLE_HISTORY, load_inputs, run
from comp_models.engine import performance, target_earnings_warnings
from comp_models.plans import load_scenario
from comp_models.statements import annual_summary, component_summary, quarterly_side_by_side, statement


def _fmt_money(x: float) -> str:
    return f"{x:,.2f}"


def render_run(result, stmt) -> str:
    """Per role and year: target incentive, earned, % of target, and its components."""
    summary = annual_summary(result, stmt)
    comps = component_summary(stmt)
    lines = [f"Scenario: {result.scenario.name}  ({result.months[0]} to {result.months[-1]}, "
             f"{result.scenario.currency})", ""]
    side = summary.pivot(index="year", columns="role", values=["target_incentive", "earned", "pct_of_target", "paid",
                                                               "held", "deferred", "draw_balance"])
    status = summary.groupby("year")["year_status"].first()
    table = pd.DataFrame(index=side.index)
    table["status"] = status.map(lambda s: "closed" if s == "closed" else "OPEN (not settled)")
    for role in result.roles:
        title = result.roles[role].plan.title
        table[f"{title} target"] = side[("target_incentive", role)].map(_fmt_money)
        table[f"{title} earned"] = side[("earned", role)].map(_fmt_money)
        table[f"{title} %"] = side[("pct_of_target", role)].map(lambda v: f"{v:.1f}%")
        table[f"{title} paid"] = side[("paid", role)].map(_fmt_money)
        for col, label in (("held", "held back"), ("deferred", "deferred"), ("draw_balance", "draw owed")):
            if side[(col, role)].abs().sum() > 0:
                table[f"{title} {label}"] = side[(col, role)].map(_fmt_money)
    lines += ["Annual payouts, side by side", table.to_string(), ""]
    if (status == "open").any():
        lines += [f"{', '.join(str(y) for y in status[status == 'open'].index)}: the history ends before December, so "
                  "the year is open: no true-up, holdback not released, nothing settled.", ""]
    quarters = quarterly_side_by_side(stmt)
    titles = {role: rr.plan.title for role, rr in result.roles.items()}
    quarters.columns = [f"{titles[c.rsplit(' ', 1)[0]]} {c.rsplit(' ', 1)[1]}" for c in quarters.columns]
    lines += ["Per quarter, side by side (monthly periods summed; true-ups in the year's last period)",
              quarters.map(_fmt_money).to_string(), ""]
    for role, rr in result.roles.items():
        c = comps[comps["role"] == role].pivot(index="component", columns="year", values="earned")
        c = c.reindex([n for n in rr.line_names if n in c.index])
        total = c.sum().rename("= earned")
        c = pd.concat([c, total.to_frame().T]).map(_fmt_money)
        lines += [f"{rr.plan.title}: components earned by year", c.to_string(), ""]
    return "\n".join(lines)


def _cmd_run(args) -> int:
    scenario, history, result = run(args.scenario, args.history, args.targets, args.adjustments)
    stmt = statement(result)
    print(render_run(result, stmt))
    if args.out:
        out = write_export(result, args.out, history_source=history.source,
                           targets_source=str(args.targets or Path(history.source).parent / "targets.csv"))
        print(f"wrote {out}")
    return 0


def _cmd_validate(args) -> int:
    path = Path(args.file)
    if path.suffix.lower() == ".toml":
        s = load_scenario(path)
        weights = "; ".join(f"{r}: {len(p.components)} components" for r, p in s.roles.items())
        print(f"OK: scenario {s.name!r}, {len(s.roles)} roles ({weights}), {len(s.goals)} goals, "
              f"shared: {', '.join(s.shared_goals()) or 'none'}")
        for warning in _plan_warnings(s, path, args):
            print(f"warning: {warning}")
        return 0
    try:
        raw = path.read_bytes()
    except OSError as exc:
        print(f"{path}: file: cannot be read ({exc.strerror}). Fix: check the path", file=sys.stderr)
        return 2
    if _looks_like_targets(raw, path):
        t = parse_targets(raw, str(path))
        years = sorted({y for _, y in t})
        print(f"OK: targets file, {len(t)} targets for {len({m for m, _ in t})} metrics, years {years[0]}-{years[-1]}")
        return 0
    h = parse_history(raw, str(path))
    print(f"OK: history {h.months[0]} to {h.months[-1]}, {len(h.months)} months, "
          f"{len(h.frame.columns) - 1} columns")
    return 0


def _plan_warnings(s, path: Path, args) -> list:
    """Plausibility warnings of a scenario on a history (--history/--targets, default the sample)."""
    try:
        _, history, annual, targets_file = load_inputs(path, getattr(args, "history", None), getattr(args, "targets", None))
        return target_earnings_warnings(s, performance(s, history, annual, str(path), targets_file), str(path))
    except InputError as exc:  # the scenario is valid; the history it was checked on is not enough
        return [f"not checked against a history: {exc.issues[0]}"]


def _looks_like_targets(raw: bytes, path: Path) -> bool:
    """A targets file has a metric / annual_target column and no month column (CSV or Excel)."""
    try:
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            header = [str(c).strip() for c in pd.read_excel(io.BytesIO(raw), nrows=0).columns]
        else:
            first = (raw[:4096].decode("utf-8-sig", errors="replace").splitlines() or [""])[0]
            header = [c.strip() for c in first.split(",")]
    except Exception:  # unreadable: let the history parser report it
        return False
    return "month" not in header and bool({"metric", "annual_target"} & set(header))


def _cmd_bench(args) -> int:
    from benchmarks.engine import main as bench_main
    return bench_main(args)


def _cmd_align(args) -> int:
    from comp_models.cli.align import main as align_main
    return align_main(args)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m comp_models",
                                description="Replay VP Sales and VP Marketing plans over history.")
    sub = p.add_subparsers(dest="command", required=True)
    r = sub.add_parser("run", help="replay a scenario and print both VPs' payouts")
    r.add_argument("scenario")
    r.add_argument("--history", help=f"monthly history CSV/XLSX (default: {SAMPLE_HISTORY.relative_to(DATA_DIR.parent.parent)})")
    r.add_argument("--targets", help="annual targets CSV/XLSX (default: targets.csv beside the history)")
    r.add_argument("--adjustments", help="adjustments CSV/XLSX (month, role, component, amount, share_pct, reason)")
    r.add_argument("--out", help="write the statement: FILE.csv (tidy) or FILE.xlsx (workbook)")
    r.set_defaults(func=_cmd_run)
    v = sub.add_parser("validate", help="check a scenario (.toml), history or targets file")
    v.add_argument("file")
    v.add_argument("--history", help="for a scenario: the history to check its plans on (default: the sample)")
    v.add_argument("--targets", help="for a scenario: annual targets (default: targets.csv beside the history)")
    v.set_defaults(func=_cmd_validate)
    b = sub.add_parser("bench", help="benchmark the engine and print figures")
    b.add_argument("--json", action="store_true", help="print the figures as JSON")
    b.add_argument("--years", type=int, default=100_000, help="simulated years for the large replay")
    b.set_defaults(func=_cmd_bench)
    a = sub.add_parser("align", help="alignment scorecard of a scenario's two plans")
    a.add_argument("scenario")
    a.add_argument("--history", help="monthly history CSV/XLSX (default: the shipped sample)")
    a.add_argument("--targets", help="annual targets CSV/XLSX (default: targets.csv beside the history)")
    a.add_argument("--simulations", type=int, default=10_000, help="simulated years for Monte Carlo")
    a.add_argument("--seed", type=int, default=7, help="random seed (results are reproducible)")
    a.add_argument("--json", action="store_true", help="print the scorecard as JSON")
    a.set_defaults(func=_cmd_align)
    return p


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except InputError as exc:
        print(exc.report(), file=sys.stderr)
        return 2
    except (ValueError, FileExistsError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
