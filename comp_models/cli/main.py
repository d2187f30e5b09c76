"""Command line: python -m comp_models {run, validate, bench}."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import pandas as pd

from comp_models.dates import month_in_plan_year, plan_year, plan_year_months, year_label
from comp_models.data import (DATA_DIR, SAMPLE_HISTORY, load_adjustments, load_inputs, parse_history,
                              load_scores, parse_targets, read_header, with_adjustments, with_scores)
from comp_models.engine import (history_term_warnings, performance, plan_warnings, replay, required_columns,
                                target_earnings_warnings)
from comp_models.cli.crm import add_parser as add_crm_parser
from comp_models.errors import InputError
from comp_models.plans import load_scenario
from comp_models.reports import write_export
from comp_models.statements import annual_summary, component_summary, quarterly_side_by_side, statement


def _fmt_money(x: float) -> str:
    return f"{x:,.2f}"


STATUS_WORDS = {"closed": "closed", "open": "OPEN (not settled)", "partial": "PARTIAL (no true-up)"}


def render_run(result, stmt) -> str:
    """Per role and plan year: target incentive, earned, % of target, and its components. Plan years
    are labelled as the scenario names them (2025, or FY2025 when plan years start after January)."""
    fy = getattr(result.scenario, "fiscal_year_start", 1)
    summary = annual_summary(result, stmt)
    comps = component_summary(stmt)
    lines = [f"Scenario: {result.scenario.name}  ({result.months[0]} to {result.months[-1]}, "
             f"{result.scenario.currency})", ""]
    side = summary.pivot(index="year", columns="role", values=["target_incentive", "earned", "pct_of_target", "paid",
                                                               "held", "deferred", "draw_balance"])
    # the statement's year status (closed / open / partial, docs/money.md §12), else the summary's
    status = (stmt if "year_status" in stmt else summary).groupby("year")["year_status"].first()
    table = pd.DataFrame(index=pd.Index([year_label(int(y), fy) for y in side.index], name="year"))
    table["status"] = [STATUS_WORDS.get(s, str(s).upper()) for s in status.reindex(side.index)]
    for role in result.roles:
        title = result.roles[role].plan.title
        table[f"{title} target"] = side[("target_incentive", role)].map(_fmt_money).to_numpy()
        table[f"{title} earned"] = side[("earned", role)].map(_fmt_money).to_numpy()
        table[f"{title} %"] = side[("pct_of_target", role)].map(lambda v: f"{v:.1f}%").to_numpy()
        table[f"{title} paid"] = side[("paid", role)].map(_fmt_money).to_numpy()
        for col, label in (("held", "held back"), ("deferred", "deferred"), ("draw_balance", "draw owed")):
            if side[(col, role)].abs().sum() > 0:
                table[f"{title} {label}"] = side[(col, role)].map(_fmt_money).to_numpy()
    lines += ["Annual payouts, side by side", table.to_string(), ""]
    names = lambda which: ", ".join(year_label(int(y), fy) for y in status[status == which].index)  # noqa: E731
    if (status == "open").any():
        lines += [f"{names('open')}: the history ends before the plan year's last month, so the year is open: "
                  "no true-up, holdback not released, nothing settled.", ""]
    if (status == "partial").any():
        lines += [f"{names('partial')}: the history starts after the plan year's first month, so the year is "
                  "partial: measured on the months the history has, no annual true-up (docs/money.md §12).", ""]
    quarters = quarterly_side_by_side(stmt)
    titles = {role: rr.plan.title for role, rr in result.roles.items()}
    quarters.columns = [f"{titles[c.rsplit(' ', 1)[0]]} {c.rsplit(' ', 1)[1]}" for c in quarters.columns]
    lines += ["Per quarter, side by side (monthly periods summed; true-ups in the year's last period)",
              quarters.map(_fmt_money).to_string(), ""]
    for role, rr in result.roles.items():
        c = comps[comps["role"] == role].pivot(index="component", columns="year", values="earned")
        c = c.reindex([n for n in rr.line_names if n in c.index])
        c.columns = [year_label(int(y), fy) for y in c.columns]
        total = c.sum().rename("= earned")
        c = pd.concat([c, total.to_frame().T]).map(_fmt_money)
        lines += [f"{rr.plan.title}: components earned by year", c.to_string(), ""]
    return "\n".join(lines)


def _inputs(args, scenario_path: str | Path):
    """(scenario, history, annual targets, targets file) by `data.load_inputs`, with the sheets chosen on
    the command line (--sheet for the history, --targets-sheet for the targets)."""
    return load_inputs(scenario_path, getattr(args, "history", None), getattr(args, "targets", None),
                       sheet=getattr(args, "sheet", None), targets_sheet=getattr(args, "targets_sheet", None))


def _cmd_run(args) -> int:
    scenario, history, annual, targets_file = _inputs(args, args.scenario)
    if args.adjustments:
        scenario = with_adjustments(scenario, load_adjustments(args.adjustments), str(args.adjustments))
    if args.scores:
        scenario = with_scores(scenario, load_scores(args.scores), str(args.scores))
    result = replay(scenario, performance(scenario, history, annual, str(args.scenario), targets_file))
    stmt = statement(result)
    print(render_run(result, stmt))
    if args.out:
        out = write_export(result, args.out, history_source=history.source,
                           targets_source=str(targets_file or Path(history.source).parent / "targets.csv"))
        print(f"wrote {out}")
    return 0


def _cmd_validate(args) -> int:
    path = Path(args.file)
    if path.suffix.lower() == ".toml":
        if args.scenario:
            print(f"error: {path} is a scenario; --scenario goes with a history file "
                  f"(validate HISTORY --scenario {path})", file=sys.stderr)
            return 2
        s = load_scenario(path)
        weights = "; ".join(f"{r}: {len(p.components)} components" for r, p in s.roles.items())
        print(f"OK: scenario {s.name!r}, {len(s.roles)} roles ({weights}), {len(s.goals)} goals, "
              f"shared: {', '.join(s.shared_goals()) or 'none'}")
        for warning in [*plan_warnings(s, str(path)), *_history_warnings(s, path, args)]:
            print(f"warning: {warning}")
        return 0
    try:
        raw = path.read_bytes()
    except OSError as exc:
        print(f"{path}: file: cannot be read ({exc.strerror}). Fix: check the path", file=sys.stderr)
        return 2
    if args.scenario:
        return _validate_for_scenario(args, path)
    if _looks_like_targets(raw, path, args.sheet):
        t = parse_targets(raw, str(path), sheet=args.sheet)
        years = sorted({y for _, y in t})
        print(f"OK: targets file, {len(t)} targets for {len({m for m, _ in t})} metrics, years {years[0]}-{years[-1]}")
        return 0
    h = parse_history(raw, str(path), sheet=args.sheet)
    print(f"OK: history {h.months[0]} to {h.months[-1]}, {len(h.months)} months, "
          f"{len(h.frame.columns) - 1} columns")
    for note in plan_year_notes(h.months, 1, scenario_known=False):
        print(f"note: {note}")
    return 0


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


def plan_year_notes(months: list[str], fiscal_year_start: int = 1, scenario_known: bool = True) -> list[str]:
    """What the history's first and last plan years are when they are not whole (docs/money.md §12):
    a history that starts after a plan year's first month starts with a partial plan year, one that
    ends before a plan year's last month ends with an open one."""
    if not months:
        return []
    fy, notes = fiscal_year_start, []
    basis = (f"plan years from {_MONTHS[fy - 1]} (fiscal_year_start = {fy})" if scenario_known
             else "plan years from January, unless a scenario's fiscal_year_start says otherwise")
    first, last = months[0], months[-1]
    if month_in_plan_year(first, fy) != 0:
        y = plan_year(first, fy)
        notes.append(f"the history starts in {first}, after the first month of plan year {year_label(y, fy)} "
                     f"({plan_year_months(y, fy)[0]}; {basis}): the first plan year is partial, measured on the "
                     "months the history has, with no annual true-up"
                     + ("" if scenario_known else f"; with fiscal_year_start = {int(first[5:7])} the history "
                        "starts with a whole plan year"))
    if month_in_plan_year(last, fy) != 11:
        y = plan_year(last, fy)
        notes.append(f"the history ends in {last}, before the last month of plan year {year_label(y, fy)} "
                     f"({plan_year_months(y, fy)[-1]}): that plan year is open (not trued up or settled)")
    return notes


def _validate_for_scenario(args, path: Path) -> int:
    """A history checked against what a plan needs, as `run` reads it: the plan's columns, and a
    target for every goal in every year (from the goals or the targets file)."""
    scenario_path = Path(args.scenario)
    args.history = str(path)
    s, history, annual, targets_file = _inputs(args, scenario_path)
    perf = performance(s, history, annual, str(scenario_path), targets_file)
    need = required_columns(s)
    targets = f", targets from {targets_file}" if targets_file else ", targets from the scenario"
    print(f"OK: history {history.months[0]} to {history.months[-1]}, {len(history.months)} months, has the "
          f"{len(need)} columns scenario {s.name!r} needs{targets}")
    for note in plan_year_notes(history.months, s.fiscal_year_start):
        print(f"note: {note}")
    for warning in [*plan_warnings(s, str(scenario_path)),
                    *target_earnings_warnings(s, perf, str(scenario_path)),
                    *history_term_warnings(s, history.months, str(scenario_path))]:
        print(f"warning: {warning}")
    return 0


def _history_warnings(s, path: Path, args) -> list:
    """Plausibility warnings of a scenario on a history (--history/--targets, default the sample)."""
    try:
        _, history, annual, targets_file = _inputs(args, path)
        return [*target_earnings_warnings(s, performance(s, history, annual, str(path), targets_file), str(path)),
                *history_term_warnings(s, history.months, str(path))]
    except InputError as exc:  # the scenario is valid; the history it was checked on is not enough
        return [f"not checked against a history: {exc.issues[0]}"]


def _looks_like_targets(raw: bytes, path: Path, sheet: str | None = None) -> bool:
    """A targets file has a metric / annual_target column and no month column (CSV of any delimiter,
    or Excel)."""
    try:
        header = read_header(raw, str(path), sheet=sheet)
    except InputError:  # unreadable: let the history parser report it
        return False
    header = [c.strip().lower() for c in header]
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
    r.add_argument("--scores", help="objectives' scores CSV/XLSX (goal, period, score, note), added to the scenario's")
    r.add_argument("--out", help="write the statement: FILE.csv (tidy) or FILE.xlsx (workbook)")
    r.add_argument("--sheet", help="the sheet of an Excel history to read (when several hold data)")
    r.add_argument("--targets-sheet", help="the sheet of an Excel targets file to read (when several hold data)")
    r.set_defaults(func=_cmd_run)
    v = sub.add_parser("validate", help="check a scenario (.toml), history or targets file")
    v.add_argument("file")
    v.add_argument("--scenario", help="for a history: check it against what this scenario's plans need "
                                      "(its columns, and a target for every goal), as run does")
    v.add_argument("--history", help="for a scenario: the history to check its plans on (default: the sample)")
    v.add_argument("--targets", help="annual targets (default: targets.csv beside the history)")
    v.add_argument("--sheet", help="the sheet of an Excel file to read (when several hold data)")
    v.add_argument("--targets-sheet", help="the sheet of an Excel targets file to read")
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
    add_crm_parser(sub)  # python -m comp_models import-crm ...
    return p


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except InputError as exc:
        print(exc.report(), file=sys.stderr)
        return 2
    except BrokenPipeError:  # the reader stopped early (| head): not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except (ValueError, FileExistsError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
