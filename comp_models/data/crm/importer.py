"""CRM exports in, an ordinary monthly history (+ targets) and an import report out.

`import_crm` reads the opportunities export (and the leads export, a monthly inputs file, a
mapping file) where they lie with DuckDB, rolls them up to months in SQL, maps stages to funnel
steps, attributes marketing-sourced pipeline, takes the months every file covers from the first month
of a plan year (`fiscal_year_start`, 1 = January, the default),
adds the stated inputs, proposes or reads targets and, for a scenario, says which goals the data
gives. Every row read is used, or counted as dropped with its reason.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

import duckdb

from comp_models.data.crm.assemble import CrmImport, assemble
from comp_models.data.crm.attribution import settings
from comp_models.data.crm.dates import check_timezone
from comp_models.data.crm.files import MAX_FILE_BYTES, ExportFile, open_export, sha256
from comp_models.data.crm.mapping import FileMapping, choose_columns, load_mapping
from comp_models.data.crm.rollup import close_before_create_examples, lead_groups, opportunity_groups, profile, recheck
from comp_models.data.crm.stages import lead_steps, opportunity_steps
from comp_models.data.crm.targets import plan_targets
from comp_models.errors import InputError, Issue

MEMORY_LIMIT = "600MB"


def _connect(tz: str) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute(f"SET threads = 2; SET memory_limit = '{MEMORY_LIMIT}'; SET preserve_insertion_order = false; "
                f"SET TimeZone = '{tz}'; SET enable_progress_bar = false")
    return con


def _file(con, path, role: str, mapping, max_bytes: int) -> tuple[ExportFile, FileMapping]:
    f = open_export(con, path, role, encoding=mapping.encoding, max_bytes=max_bytes)
    overrides = {**mapping.files.get(role, {}), "_file": mapping.path or "mapping file"}
    return f, choose_columns(f.name, role, f.header, overrides)


def import_crm(opportunities: str | Path, leads: str | Path | None = None, *, monthly_file: str | Path | None = None,
               targets_file: str | Path | None = None, mapping: str | Path | None = None, timezone: str | None = None,
               assumptions: list[str] | tuple[str, ...] = (), scenario: str | Path | None = None, trim: bool = False,
               growth_pct: dict[str, float] | float = 0.0, top_down: dict[tuple[str, int], float] | None = None,
               hindsight: bool = False, max_bytes: int = MAX_FILE_BYTES, fiscal_year_start: int = 1) -> CrmImport:
    """Import CRM exports into a monthly history; raises InputError with every problem found.

    fiscal_year_start: the month plan years start in (1 = January): the history starts at the first
    such month the exports cover fully, and the targets helper proposes plan-year targets. A
    scenario given must have the same fiscal_year_start."""
    if not (isinstance(fiscal_year_start, int) and 1 <= fiscal_year_start <= 12):
        raise InputError([Issue("--fiscal-year-start", str(fiscal_year_start), "is not a month number (1-12)",
                                "give the month plan years start in, e.g. 7 for July")])
    mfile = load_mapping(mapping)
    tz = check_timezone(timezone or mfile.timezone, "--timezone" if timezone else (mfile.path or "--timezone"))
    con = _connect(tz)
    pool = ThreadPoolExecutor(max_workers=1)  # hashlib releases the GIL: the file hash costs no wall time
    try:
        opp, omap = _file(con, opportunities, "opportunities", mfile, max_bytes)
        lead = lmap = None
        if leads is not None:
            lead, lmap = _file(con, leads, "leads", mfile, max_bytes)
        hashes = pool.submit(lambda: [sha256(f.path) for f in (opp, lead) if f is not None])  # beside DuckDB
        oprof = profile(con, opp, omap, ("created", "closed"))
        lprof = profile(con, lead, lmap, ("created",)) if lead else None
        has_join = lead is not None and ("opportunity_id" in lmap.columns or "lead_id" in omap.columns)
        method, sources, notes = settings(mfile.attribution, omap, lmap, has_join,
                                                      mfile.path or "mapping file")
        def roll():
            return opportunity_groups(con, opp, omap, oprof, lead if has_join else None, lmap if has_join else None)

        ogroups = roll()
        created = ogroups[ogroups["by"] == "created"]
        unread = tuple(r for r, col in (("created", "n_created_bad"), ("closed", "n_closed_bad"))
                       if r in oprof.dates and oprof.dates[r].kind == "iso" and created[col].sum())
        if recheck(con, opp, omap, oprof, unread):  # not ISO after all: the column's one format, or a refusal
            ogroups = roll()
        created = ogroups[ogroups["by"] == "created"]
        blanks = {"created": int((created["n_no_created"] - created["n_created_bad"]).sum()),
                  "closed": int(created["n_closed_blank"].sum())}
        oprof.dates.update({r: replace(d, blanks=blanks[r]) for r, d in oprof.dates.items() if d.blanks < 0})
        flags = "is_won" in omap.columns and "is_closed" in omap.columns
        keys = ogroups[["stage", "is_won", "is_closed", "n"]].copy()
        keys = keys.fillna({"n": 0}).groupby(["stage", "is_won", "is_closed"], dropna=False, as_index=False)["n"].sum()
        keys["n"] = keys["n"] // 2  # every row is in both views (by create month, by close month)
        keys["step"] = opportunity_steps(keys, omap.stages, file=opp.name, column=omap.columns["stage"],
                                                flags=flags, mapping_file=mfile.path or "mapping file")
        ogroups = ogroups.merge(keys[["stage", "is_won", "is_closed", "step"]], how="left",
                                on=["stage", "is_won", "is_closed"])
        cbc = (close_before_create_examples(con, opp, omap, oprof)
               if "closed" in oprof.dates and ogroups["n_close_before_create"].sum() else [])
        lgroups = None
        if lead is not None:
            lgroups = lead_groups(con, lead, lmap, lprof, opp, omap)
            if lprof.dates["created"].kind == "iso" and lgroups["n_created_bad"].sum() and recheck(
                    con, lead, lmap, lprof, ("created",)):
                lgroups = lead_groups(con, lead, lmap, lprof, opp, omap)
            if lprof.dates["created"].blanks < 0:
                lprof.dates["created"] = replace(lprof.dates["created"], blanks=int(
                    (lgroups["n_no_created"] - lgroups["n_created_bad"]).sum()))
            lgroups["step"] = lead_steps(lgroups, lmap.stages, file=lead.name, column=lmap.columns.get("stage"),
                                                base_step=lmap.base_step, mapping_file=mfile.path or "mapping file")
    except duckdb.Error as exc:
        raise InputError([Issue(str(opportunities), "file", f"could not be read ({str(exc).splitlines()[0][:200]})",
                                "check that the export is a well-formed CSV, XLSX or Parquet file")]) from None
    finally:
        con.close()
        pool.shutdown(wait=True)
    digests = hashes.result()
    opp = replace(opp, sha256=digests[0])
    lead = replace(lead, sha256=digests[1]) if lead is not None else None
    return assemble(opp=opp, omap=omap, oprof=oprof, ogroups=ogroups, lead=lead, lmap=lmap, lprof=lprof,
                    lgroups=lgroups, method=method, sources=sources, notes=notes, has_join=has_join,
                    close_before_create=cbc, tz=tz, mfile=mfile, monthly_file=monthly_file,
                    targets_file=targets_file, assumptions=assumptions, scenario=scenario, trim=trim,
                    growth_pct=growth_pct, top_down=top_down, hindsight=hindsight,
                    fiscal_year_start=fiscal_year_start)


__all__ = ["CrmImport", "import_crm", "plan_targets"]
