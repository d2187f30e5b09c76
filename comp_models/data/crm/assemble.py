"""The second half of an import: grouped rows -> the months of the history, its inputs, targets, report.

Takes what the SQL roll-up returned and decides, in the open, what the history holds: the window
(coverage), each column's provenance (data, monthly file, assumed), the row accounting
(read, used, dropped with reasons), targets (a file or the helper), and, for a scenario, each goal's
status. Refuses a scenario whose goals the inputs do not give, or whose targets do not resolve.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from comp_models.data.crm.attribution import join_stats, marketing_mask, source_table
from comp_models.data.crm.coverage import Span, Window, window
from comp_models.data.crm.files import ExportFile, sha256
from comp_models.data.crm.inputs import (
    ASSUMED,
    DATA,
    FILE,
    apply_assumptions,
    covered_presets,
    from_mapping,
    goal_status,
    ordered,
    parse_assumption,
    read_monthly,
)
from comp_models.data.crm.mapping import FileMapping
from comp_models.data.crm.monthly import lead_columns, month_range, opportunity_columns
from comp_models.data.crm.rollup import NO_CREATE_MONTH
from comp_models.data.crm.stages import DATED_BY, stage_table
from comp_models.data.crm.targets import TargetPlan, plan_targets
from comp_models.data.history_files import load_targets, parse_history
from comp_models.data.sample import preset_paths
from comp_models.engine import performance
from comp_models.errors import InputError, Issue
from comp_models.metrics import METRICS, NUMERIC_COLUMNS, History, columns_for
from comp_models.plans import load_scenario

REPORT_SCHEMA = 1


@dataclass
class CrmImport:
    """The monthly history (every column, in order), each column's provenance, targets and the report."""

    history: pd.DataFrame
    provenance: dict[str, str]
    targets: TargetPlan | None
    targets_file: dict | None
    report: dict
    stage_table: pd.DataFrame
    files: list[ExportFile] = field(default_factory=list)

    @property
    def assumed(self) -> list[str]:
        return [c for c, p in self.provenance.items() if p.startswith(ASSUMED)]

    @property
    def annual_targets(self) -> dict[tuple[str, int], float]:
        if self.targets_file is not None:
            return self.targets_file
        return dict(self.targets.targets) if self.targets else {}

    def history_object(self, source: str) -> History:
        """The history, carrying which columns are assumptions (shown wherever its numbers are)."""
        assumed = tuple((c, self.provenance[c].split(": ", 1)[-1]) for c in self.assumed)
        return History(frame=self.history.reset_index(drop=True), source=source, assumed=assumed)


def _date(v):
    if v is None or (isinstance(v, float) and pd.isna(v)) or v is pd.NaT:
        return None
    return v.date() if isinstance(v, (pd.Timestamp, dt.datetime)) else v


def _span(g: pd.DataFrame, first: str, last: str, file: str, what: str) -> Span:
    lo, hi = g[first].dropna(), g[last].dropna()
    return Span(file, what, _date(lo.min()) if len(lo) else None, _date(hi.max()) if len(hi) else None)


def _n(frame: pd.DataFrame, mask) -> int:
    return int(frame.loc[mask, "n"].sum()) if len(frame) else 0


def _opp_rows(opp, prof, g: pd.DataFrame, w: Window) -> dict:
    created = g[g["by"] == "created"]
    closed = g[(g["by"] == "closed") & (g["month_k"] != NO_CREATE_MONTH)]  # those are dropped as "no create date"
    sql_stage = created["step"].isin(("open", "won", "lost"))
    inside = (created["month_c"] >= w.first_month) & (created["month_c"] <= w.last_month)
    dropped = {
        "no id (e.g. a report's total or footer line)": prof.blank_ids,
        "repeats the id of an earlier row (the first is kept)": prof.duplicate_ids,
        "no usable create date": _n(created, created["month_c"] == ""),
        "created before the history's first month": _n(created, (created["month_c"] != "")
                                                       & (created["month_c"] < w.first_month)),
        "created after the history's last month": _n(created, created["month_c"] > w.last_month),
        "stage before SQL (not pipeline)": _n(created, inside & ~sql_stage),
    }
    won = closed["step"] == "won"
    partly = {
        "closed (won or lost) with no usable close date: in pipeline, not in bookings":
            _n(closed, closed["step"].isin(("won", "lost")) & (closed["month_k"] == "")),
        "won, closed outside the history's months: not in bookings": _n(closed, won & (closed["month_k"] != "") & (
            (closed["month_k"] < w.first_month) | (closed["month_k"] > w.last_month))),
        "amount is not a number: counted as a deal with no value": int(created.loc[inside, "n_amount_bad"].sum()),
        "amount blank: counted as a deal with no value": int((created.loc[inside & sql_stage, "n"]
                                                              - created.loc[inside & sql_stage, "n_amount"]
                                                              - created.loc[inside & sql_stage, "n_amount_bad"]).sum()),
        "close date before create date: not in sales_cycle_days_total":
            int(closed.loc[won, "n_close_before_create"].sum()),
    }
    return _rows(opp, prof.rows, dropped, partly)


def _lead_rows(lead, prof, g: pd.DataFrame, w: Window) -> dict:
    dropped = {
        "no id": prof.blank_ids, "repeats the id of an earlier row (the first is kept)": prof.duplicate_ids,
        "no usable create date": _n(g, g["month_c"] == ""),
        "created before the history's first month": _n(g, (g["month_c"] != "") & (g["month_c"] < w.first_month)),
        "created after the history's last month": _n(g, g["month_c"] > w.last_month),
    }
    return _rows(lead, prof.rows, dropped, {})


def _rows(f: ExportFile, read: int, dropped: dict, partly: dict) -> dict:
    dropped = {k: int(v) for k, v in dropped.items() if v}
    return {"file": f.name, "read": int(read), "used": int(read - sum(dropped.values())), "dropped": dropped,
            "used_in_part": {k: int(v) for k, v in partly.items() if v}}


def _stage_rows(f: ExportFile, column: str, g: pd.DataFrame, how: str) -> list[dict]:
    sub = g[g["by"] == "created"] if "by" in g else g
    return [{"file": f.name, "stage": r.stage if isinstance(r.stage, str) else "(blank)", "step": r.step,
             "rows": int(r.n), "dated_by": DATED_BY.get(r.step, ""), "how": how} for r in sub.itertuples()]


def assemble(*, opp, omap: FileMapping, oprof, ogroups, lead, lmap, lprof, lgroups, method, sources, notes,
             has_join, close_before_create, tz, mfile, monthly_file, targets_file, assumptions, scenario, trim,
             growth_pct, top_down, hindsight, fiscal_year_start: int = 1) -> CrmImport:
    mk = marketing_mask(ogroups, method, sources)
    ocols, extra = opportunity_columns(ogroups, mk)
    cols: dict[str, pd.Series] = dict(ocols)
    if method is None:
        cols.pop("marketing_sourced_pipeline")
    if "closed" not in omap.columns:
        for c in ("bookings", "won_deals", "sales_cycle_days_total"):
            cols.pop(c)
        notes.append("bookings, won_deals, sales_cycle_days_total: the opportunities export has no close date")
    spans = [_span(ogroups[ogroups["by"] == "created"], "first_c", "last_c", opp.name, "opportunities created")]
    closed_span = _span(ogroups[(ogroups["by"] == "closed") & ogroups["step"].isin(("won", "lost"))], "first_k",
                        "last_k", opp.name, "opportunities closed (won or lost)")
    if lgroups is not None:
        lcols, lnotes = lead_columns(lgroups, has_join)
        notes += lnotes
        if any(c in lcols for c in ("inquiries", "mqls", "sals")) or "sqls" in lcols:
            cols.pop("sqls")
        if "sqls" not in lcols and any(c in lcols for c in ("inquiries", "mqls", "sals")):
            notes.append("sqls: the leads export does not say which leads became SQLs (no converted-opportunity key, "
                         "no SQL stage), and opportunities by create month would not be a subset of the leads' "
                         "cohorts: not in the data")
        cols.update(lcols)
        from_leads = set(lcols)
        spans.append(_span(lgroups, "first_c", "last_c", lead.name, "leads created"))
    funnel = {c: cols[c] for c in ("pipeline_created", "sqls", "mqls") if c in cols}
    w = window(spans, funnel, trim=trim, fiscal_year_start=fiscal_year_start)
    months = month_range(w.first_month, w.last_month)
    frame = pd.DataFrame({"month": months})
    provenance: dict[str, str] = {}
    lead_cols = from_leads if lgroups is not None else set()
    for c, s in cols.items():
        frame[c] = frame["month"].map(s).fillna(0.0).astype(float)
        provenance[c] = f"{DATA}: {_how(c, method, c in lead_cols)}"
    empty = [m for m in months if m not in extra["opportunities_created"].index]
    if empty:
        w.notes.append(f"no opportunity was created in {', '.join(empty)}: those months are 0 from the data; check "
                       "that the export covers them")
    issues: list[Issue] = []
    if monthly_file is not None:
        mf = read_monthly(monthly_file, months)
        for c in [c for c in mf.columns if c != "month"]:
            if c in provenance:
                issues.append(Issue(str(monthly_file), f"column {c}", "is also computed from the CRM exports",
                                    "remove it from the monthly file (the exports give it)"))
            else:
                frame[c] = mf[c].to_numpy()
                provenance[c] = f"{FILE}: {monthly_file}"
    stated = from_mapping(mfile.assumptions, mfile.path or "mapping file")
    stated += [parse_assumption(a) for a in assumptions]
    for a in stated:
        if a.column in provenance:
            issues.append(Issue("--assume", a.column, f"is already given ({provenance[a.column].split(':')[0]})",
                                "state assumptions only for columns the data and the monthly file do not give"))
    if issues:
        raise InputError(issues)
    issues += apply_assumptions(frame, stated, provenance)
    if issues:
        raise InputError(issues)
    frame = ordered(frame)
    parse_history(frame.to_csv(index=False).encode(), "the imported history",  # as `validate` and `run` read it
                  required=[c for c in frame.columns if c != "month"])
    target_plan, tfile = None, None
    scen = load_scenario(scenario) if scenario else None
    if scen is not None and scen.fiscal_year_start != fiscal_year_start:
        raise InputError([Issue(str(scenario), "fiscal_year_start", f"plan years start in month "
                                f"{scen.fiscal_year_start}, but the import was asked for plan years from month "
                                f"{fiscal_year_start}", f"import with --fiscal-year-start {scen.fiscal_year_start} "
                                "(the history and its targets follow the scenario's plan years)")])
    if targets_file is not None:
        tfile = load_targets(targets_file)
    else:
        wanted = sorted({g.metric for g in scen.goals.values()}) if scen else _available(provenance)
        target_plan = plan_targets(frame, wanted, growth_pct=growth_pct, top_down=top_down, hindsight=hindsight,
                                   fiscal_year_start=fiscal_year_start)
    goals, presets = [], []
    presets_loaded = {k: load_scenario(p) for k, p in preset_paths().items()}
    presets = covered_presets(provenance, presets_loaded)
    if scen is not None:
        goals = goal_status(scen, provenance)
        _check_scenario(scen, str(scenario), goals, frame, provenance, tfile or target_plan.targets, presets)
    rows = [_opp_rows(opp, oprof, ogroups, w)] + ([_lead_rows(lead, lprof, lgroups, w)] if lead is not None else [])
    stable = stage_table(_stage_rows(opp, omap.columns["stage"], ogroups,
                                     "IsWon/IsClosed" if "is_won" in omap.columns and "is_closed" in omap.columns
                                     else "stage table")
                         + (_stage_rows(lead, lmap.columns.get("stage", ""), lgroups, "stage table" if "stage" in
                                        lmap.columns else f"no stage column: every lead at {lmap.base_step}")
                            if lead is not None else []))
    warnings = list(w.notes)
    if close_before_create:
        n = int(ogroups.loc[ogroups["by"] == "created", "n_close_before_create"].sum())
        warnings.append(f"{opp.name}: {n:,} opportunities close before they were created, e.g. "
                        f"{'; '.join(close_before_create[:3])}: check those dates in the CRM (they are left out of "
                        "sales_cycle_days_total)")
    absent = [c for c in NUMERIC_COLUMNS if c not in provenance]
    if absent:
        warnings.append(f"not in the history (no export gives them, none supplied): {', '.join(absent)}; a plan "
                        "that uses them is refused until they are given (--spend FILE, --assume COLUMN=VALUE)")
    if target_plan:
        warnings += target_plan.warnings
    report = {
        "schema_version": REPORT_SCHEMA, "generated_by": "python -m comp_models import-crm",
        "generated_at": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"), "timezone": tz,
        "files": [f.to_dict() for f in (opp, lead) if f is not None]
        + [_plain_file(role, p) for role, p in (("monthly", monthly_file), ("mapping", mfile.path),
                                                 ("targets", targets_file)) if p is not None],
        "mapping": {"opportunities": omap.to_dict(), **({"leads": lmap.to_dict()} if lmap else {})},
        "dates": {"opportunities": {r: d.to_dict() for r, d in oprof.dates.items()},
                  **({"leads": {r: d.to_dict() for r, d in lprof.dates.items()}} if lprof else {})},
        "stages": stable.to_dict(orient="records"),
        "rows": rows,
        "attribution": {"method": method, "sources": source_table(ogroups, method, sources),
                        **join_stats(ogroups, lgroups, has_join, int(oprof.rows - oprof.blank_ids
                                                                                  - oprof.duplicate_ids)),
                        "marketing_sourced_bookings": {m: round(float(v), 2) for m, v in
                                                       extra["marketing_sourced_bookings"].items()
                                                       if w.first_month <= m <= w.last_month}},
        "coverage": {"spans": [s.to_dict() for s in spans + [closed_span]], **w.to_dict()},
        "columns": provenance,
        "assumptions": [a.to_dict() for a in stated],
        "not_in_data": notes,
        "goals": goals, "presets_covered": presets,
        "targets": ({"source": str(targets_file)} if tfile is not None else
                    {"source": "targets helper", **target_plan.to_dict()}),
        "warnings": warnings,
        "history": {"first_month": w.first_month, "last_month": w.last_month, "months": len(months)},
    }
    return CrmImport(frame, provenance, target_plan, tfile, report, stable, [f for f in (opp, lead) if f])


def _plain_file(role: str, path) -> dict:
    p = Path(path)
    return {"role": role, "path": str(p), "sha256": sha256(p), "bytes": p.stat().st_size}


def _how(column: str, method, from_leads: bool) -> str:
    if from_leads:
        step = {"inquiries": "inquiry", "mqls": "MQL", "sals": "SAL", "sqls": "SQL (converted)"}[column]
        return f"leads of the month's cohort (create month) that reached {step} or beyond"
    return {
        "pipeline_created": "amounts of SQL-stage opportunities by create month",
        "marketing_sourced_pipeline": f"the marketing-sourced part (attribution by {method})",
        "sqls": "opportunities created in the month (every opportunity is an SQL)",
        "bookings": "amounts of won opportunities by close month",
        "won_deals": "won opportunities by close month",
        "sales_cycle_days_total": "days from create to close of the month's won opportunities",
    }[column]


def _available(provenance: dict[str, str]) -> list[str]:
    return [m for m, metric in METRICS.items() if all(c in provenance for c in columns_for(metric))]


def _check_scenario(scen, name: str, goals: list[dict], frame, provenance, annual, presets) -> None:
    issues = []
    for g in goals:
        if g["status"] == "missing":
            cols = [c for c, p in g["columns"].items() if p == "missing"]
            issues.append(Issue(name, f"goals.{g['goal']}", f"needs {', '.join(cols)}, which the CRM exports do not "
                                "give", f"give {cols[0]} in a monthly file (--spend FILE with month,{cols[0]}) or state "
                                f"it (--assume {cols[0]}=VALUE); presets the data covers: {', '.join(presets) or 'none'}"))
    if issues:
        raise InputError(issues)
    hist = History(frame=frame.reset_index(drop=True), source="the imported history")
    try:
        performance(scen, hist, annual, name, "the targets")
    except InputError as exc:
        raise InputError([Issue(i.file, i.where, i.problem, i.fix + "; or use the targets helper (--growth PCT, "
                                "--annual-target METRIC:YEAR=VALUE, --hindsight-targets)") for i in exc.issues]) from None
