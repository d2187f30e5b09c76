"""What an import says and writes: the text the CLI prints, history.csv, targets.csv and the JSON report."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pandas as pd

from comp_models.data.crm.assemble import CrmImport
from comp_models.data.crm.mapping import FileMapping, describe
from comp_models.metrics import COUNT_COLUMNS


def history_csv(result: CrmImport) -> bytes:
    frame = result.history.copy()
    for c in frame.columns:
        if c in COUNT_COLUMNS:
            frame[c] = frame[c].round().astype("int64")
        elif c != "month":
            frame[c] = frame[c].round(2)
    return frame.to_csv(index=False, lineterminator="\n").encode()


def targets_csv(targets: dict[tuple[str, int], float]) -> bytes:
    rows = sorted(((y, m, v) for (m, y), v in targets.items()))
    df = pd.DataFrame(rows, columns=["year", "metric", "annual_target"])
    return df.to_csv(index=False, lineterminator="\n").encode()


def report_json(result: CrmImport) -> bytes:
    return (json.dumps(result.report, indent=2, default=str, ensure_ascii=False) + "\n").encode()


def _atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.replace(tmp, path)


def write_outputs(result: CrmImport, out: str | Path, *, targets_out: str | Path | None = None,
                  report_out: str | Path | None = None) -> dict[str, Path]:
    """history.csv, targets.csv (beside it unless told; only when the helper made targets) and the report."""
    out = Path(out)
    written = {"history": out}
    _atomic(out, history_csv(result))
    if result.targets is not None and result.targets.targets:
        t = Path(targets_out) if targets_out else out.parent / "targets.csv"
        _atomic(t, targets_csv(result.targets.targets))
        written["targets"] = t
    r = Path(report_out) if report_out else out.with_name(out.stem + "_import_report.json")
    result.report["outputs"] = {k: str(v) for k, v in written.items()}
    _atomic(r, report_json(result))
    written["report"] = r
    return written


def render(result: CrmImport) -> str:
    """The mapping chosen, stages, coverage, rows, what was assumed, goals and targets, as plain text."""
    r = result.report
    lines = ["Mapping chosen (override any of it with --mapping FILE):"]
    for f, (role, m) in zip(result.files, r["mapping"].items()):
        fm = FileMapping(role, m["shape"], {k: v["column"] for k, v in m["columns"].items()},
                         {k: v["how"] for k, v in m["columns"].items()})
        lines += describe(fm, f.name)
    for role, dates in r["dates"].items():
        for k, d in dates.items():
            lines.append(f"    dates: {role}.{k} ({d['column']!r}): {d['format']}")
    lines += ["", f"Time zone: {r['timezone']}", "", "Stages -> funnel steps:"]
    lines += ["    " + line for line in result.stage_table.to_string(index=False).splitlines()]
    cov = r["coverage"]
    lines += ["", "Coverage:"]
    lines += [f"    {s['file']}: {s['dates']} {s['first']} to {s['last']}" for s in cov["spans"]]
    lines.append(f"    history: {cov['first_month']} to {cov['last_month']} ({r['history']['months']} months)")
    lines += [f"    note: {n}" for n in cov["notes"]]
    lines += ["", "Rows:"]
    for row in r["rows"]:
        lines.append(f"    {row['file']}: read {row['read']:,}, used {row['used']:,}")
        lines += [f"      dropped {n:,}: {why}" for why, n in row["dropped"].items()]
        lines += [f"      used in part {n:,}: {why}" for why, n in row["used_in_part"].items()]
    a = r["attribution"]
    lines += ["", f"Attribution: {a['method'] or 'none'}"]
    if "join_rate" in a:
        lines.append(f"    join: {a['opportunities_matched']:,} of {a['opportunities']:,} opportunities matched to a "
                     f"lead ({100 * (a['join_rate'] or 0):.1f}%); orphan leads {a['orphan_leads']:,}, orphan "
                     f"opportunities {a['orphan_opportunities']:,}, opportunities with several leads "
                     f"{a['opportunities_with_several_leads']:,}")
    lines += [f"    {s['source']}: {s['opportunities']:,} opportunities, {'marketing' if s['marketing'] else 'not marketing'}"
              for s in a["sources"][:15]]
    lines += ["", "Columns of the history:"]
    lines += [f"    {c}: {p}" for c, p in r["columns"].items()]
    lines += ["", "Assumed: " + ("; ".join(x["stated"] for x in r["assumptions"]) or "nothing")]
    lines += [f"Not in the data: {n}" for n in r["not_in_data"]]
    if r["goals"]:
        lines += ["", "Goals of the scenario:"]
        lines += [f"    {g['label']} ({g['metric']}): {g['status']}" for g in r["goals"]]
    lines.append(f"Presets the data fully covers: {', '.join(r['presets_covered']) or 'none'}")
    t = r["targets"]
    lines += ["", f"Targets: {t['source']}"]
    for row in t.get("targets", [])[:40]:
        lines.append(f"    {row['year']} {row['metric']}: {row['annual_target']:,} ({row['basis']})")
    lines += [f"    missing: {m}" for m in t.get("missing", [])[:20]]
    if t.get("monthly_profiles"):
        lines.append("    seasonality of the history's own months, to paste under [monthly_profiles]:")
        lines += [f"      crm_{m} = {p}" for m, p in t["monthly_profiles"].items()]
    if r["warnings"]:
        lines += ["", "Warnings:"]
        lines += [f"    - {w}" for w in r["warnings"]]
    return "\n".join(lines)
