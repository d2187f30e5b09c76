"""The SQL that rolls row-level exports up to months, in DuckDB; pandas only sees the grouped rows.

Two scans of an opportunities file: a profile (rows, blank and repeated ids, how each date column
is written) and the roll-up, one aggregation by create month, close month, stage, won/closed flags
and source (a few thousand groups for millions of rows), viewed by either month in pandas. Leads are grouped by their
create month, stage, source and whether they converted. The attribution join (lead -> opportunity)
is done in the same SQL.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from comp_models.data.crm.dates import DateFormat, assume_iso, infer, profile_sql
from comp_models.data.crm.files import ExportFile, quote
from comp_models.data.crm.mapping import FileMapping

NO_CREATE_MONTH = "0001-01"
GROUP_KEYS = ["stage", "is_won", "is_closed", "src", "lsrc", "joined"]


@dataclass
class Profile:
    rows: int
    blank_ids: int
    duplicate_ids: int
    dates: dict[str, DateFormat]  # role -> format


def _col(mapping: FileMapping, role: str, alias: str = "") -> str:
    """The role's column (NULL when the export has none); cells are trimmed in pandas, on the grouped rows."""
    c = mapping.columns.get(role)
    return f"{alias}{quote(c)}" if c else "NULL"


def profile(con: duckdb.DuckDBPyConnection, f: ExportFile, mapping: FileMapping, date_roles: tuple[str, ...],
            check: tuple[str, ...] | None = None) -> Profile:
    """One scan: rows, blank ids, repeated ids, and the cells of the date columns in `check` (default: those
    with a stated format); the others are taken as ISO 8601 (the fast path), which the roll-up confirms:
    a cell that is not an ISO date there sends its column through `recheck`."""
    idc = quote(mapping.columns["id"])
    roles = [r for r in date_roles if r in mapping.columns]
    check = tuple(r for r in roles if r in mapping.date_formats) if check is None else check
    date_aggs = "".join(f", {profile_sql(mapping.columns[r])}" for r in check)
    row = con.execute(f"SELECT count(*), count(*) FILTER (WHERE {idc} IS NULL OR {idc} = ''), "
                      f"count(DISTINCT {idc}), count(*) FILTER (WHERE {idc} = '') {date_aggs} FROM {f.view}").fetchone()
    rows, blank, distinct, empty_text = row[:4]
    distinct -= 1 if empty_text else 0  # count(DISTINCT) counts '' (not NULL) as one more id
    dates = {}
    for r in roles:
        if r in check:
            k = check.index(r)
            dates[r] = infer(con, f.view, mapping.columns[r], (rows, *row[4 + 4 * k: 8 + 4 * k]), file=f.name,
                             role=mapping.role, where=r, override=mapping.date_formats.get(r))
        else:
            dates[r] = assume_iso(con, f.view, mapping.columns[r])
    return Profile(rows, blank, rows - blank - distinct, dates)


def recheck(con, f: ExportFile, mapping: FileMapping, prof: Profile, roles: tuple[str, ...]) -> bool:
    """Infer the format of date columns the fast path could not read; True when one is not ISO after all."""
    if not roles:
        return False
    full = profile(con, f, mapping, tuple(prof.dates), check=roles)
    changed = any(full.dates[r].kind == "table" for r in roles)
    prof.dates.update({r: full.dates[r] for r in roles})
    return changed


def _source(f: ExportFile, mapping: FileMapping, dedupe: bool) -> str:
    idc = quote(mapping.columns["id"])
    base = f"SELECT * FROM {f.view} WHERE {idc} IS NOT NULL AND {idc} <> ''"
    if not dedupe:
        return f"({base})"
    order = ", ".join(quote(mapping.columns[r]) for r in ("created", "closed", "stage", "amount")
                      if r in mapping.columns)
    return f"({base} QUALIFY row_number() OVER (PARTITION BY {idc} ORDER BY {order}) = 1)"


def _lead_keys(leads: ExportFile | None, lmap: FileMapping | None, opp_map: FileMapping) -> tuple[str, str] | None:
    """(subquery of key -> leads, the opportunity's column that meets it) for the attribution join."""
    if leads is None or lmap is None:
        return None
    src = _col(lmap, "source") if "source" in lmap.columns else "NULL"
    if "opportunity_id" in lmap.columns:
        oc = quote(lmap.columns["opportunity_id"])
        sub = (f"SELECT trim(k) AS key, count(*) AS nlead, any_value({src}) AS lsrc FROM (SELECT unnest(string_split("
               f"{oc}, ';')) AS k, * FROM {leads.view} WHERE {oc} IS NOT NULL AND trim({oc}) <> '') GROUP BY 1")
        return sub, _col(opp_map, "id", "o.")
    if "lead_id" in opp_map.columns:
        lid = quote(lmap.columns["id"])
        sub = (f"SELECT trim({lid}) AS key, count(*) AS nlead, any_value({src}) AS lsrc FROM {leads.view} "
               f"WHERE {lid} IS NOT NULL AND trim({lid}) <> '' GROUP BY 1")
        return sub, _col(opp_map, "lead_id", "o.")
    return None


def opportunity_groups(con: duckdb.DuckDBPyConnection, f: ExportFile, m: FileMapping, prof: Profile,
                  leads: ExportFile | None = None, lmap: FileMapping | None = None) -> pd.DataFrame:
    """Grouped rows in two views: `by` = "created" (month_c = create month) and "closed" (month_k = close month;
    NO_CREATE_MONTH for the rows with no usable create date, which are dropped), from one SQL aggregation."""
    cd = prof.dates["created"].sql("o.")
    kd = prof.dates["closed"].sql("o.") if "closed" in prof.dates else "CAST(NULL AS DATE)"
    amount_raw = _col(m, "amount", "o.")
    join = _lead_keys(leads, lmap, m)
    join_sql = f"LEFT JOIN ({join[0]}) l ON l.key = {join[1]}" if join else ""
    lsrc, joined, multi = ("l.lsrc", "l.key IS NOT NULL", "coalesce(l.nlead, 0) > 1") if join else ("NULL", "false",
                                                                                                  "false")
    keyed = (f"({join[1]} IS NOT NULL AND {join[1]} <> '')" if join and "lead_id" in m.columns
             and "opportunity_id" not in (lmap.columns if lmap else {}) else "false")
    sql = f"""
    WITH o0 AS (
      SELECT {_col(m, 'stage', 'o.')} AS stage, {_col(m, 'is_won', 'o.')} AS is_won,
             {_col(m, 'is_closed', 'o.')} AS is_closed, {_col(m, 'source', 'o.')} AS src,
             {lsrc} AS lsrc, {joined} AS joined, {multi} AS multi, {keyed} AS keyed,
             {cd} AS cd0, {kd} AS kd0, {_col(m, 'created', 'o.')} AS cr, {_col(m, 'closed', 'o.')} AS kr,
             {amount_raw} AS ar, coalesce(TRY_CAST({amount_raw} AS DOUBLE),
                                          TRY_CAST(replace(replace(trim({amount_raw}), ',', ''), '$', '') AS DOUBLE)) AS a
      FROM {_source(f, m, prof.duplicate_ids > 0)} o {join_sql}
    ), o AS (  -- a cell read as a year before 1900 ('01-02-03' as 0001-02-03) is not an ISO date
      SELECT *, CASE WHEN cd0 >= DATE '1900-01-01' THEN cd0 END AS cd, CASE WHEN kd0 >= DATE '1900-01-01' THEN kd0 END
             AS kd FROM o0
    )
    SELECT coalesce(strftime(cm, '%Y-%m'), '') AS month_c, coalesce(strftime(km, '%Y-%m'), '') AS month_k,
           {', '.join(GROUP_KEYS)}, count(*) AS n, count(a) AS n_amount,
           count(*) FILTER (WHERE a IS NULL AND ar IS NOT NULL AND ar <> '') AS n_amount_bad, coalesce(sum(a), 0) AS amount,
           count(*) FILTER (WHERE cd IS NULL) AS n_no_created,
           count(*) FILTER (WHERE cd IS NULL AND cr IS NOT NULL AND cr <> '') AS n_created_bad,
           count(*) FILTER (WHERE kd IS NULL AND kr IS NOT NULL AND kr <> '') AS n_closed_bad,
           count(*) FILTER (WHERE kr IS NULL OR kr = '') AS n_closed_blank,
           count(*) FILTER (WHERE kd < cd) AS n_close_before_create,
           coalesce(sum(date_diff('day', cd, kd)) FILTER (WHERE kd >= cd), 0) AS cycle_days,
           count(*) FILTER (WHERE multi) AS n_multi_lead,
           count(*) FILTER (WHERE keyed AND NOT joined) AS n_orphan, min(cd) AS first_c, max(cd) AS last_c,
           min(kd) AS first_k, max(kd) AS last_k
    FROM (SELECT *, date_trunc('month', cd) AS cm,  -- a row with no create date is dropped: month 0001-01 marks it
                 CASE WHEN cd IS NULL THEN DATE '0001-01-01' ELSE date_trunc('month', kd) END AS km FROM o)
    GROUP BY cm, km, {', '.join(GROUP_KEYS)}
    """
    df = con.execute(sql).df()  # one aggregation by (create month, close month, ...): a few thousand rows
    for c in GROUP_KEYS[:5]:  # "" for a blank cell or a column the export does not have; trimmed here
        df[c] = df[c].astype(object).where(df[c].notna(), "").astype(str).str.strip()
    for c in ("is_won", "is_closed"):
        df[c] = df[c].str.lower()
    return pd.concat([_view(df, "created", "month_c"), _view(df, "closed", "month_k")], ignore_index=True)


def _view(df: pd.DataFrame, by: str, month: str) -> pd.DataFrame:
    """The groups by one month (create or close), the other month summed over."""
    keys = [month, *GROUP_KEYS]
    sums = [c for c in df.columns if c.startswith("n") or c in ("amount", "cycle_days")]
    agg = {**{c: "sum" for c in sums}, "first_c": "min", "last_c": "max", "first_k": "min", "last_k": "max"}
    out = df.groupby(keys, as_index=False, dropna=False).agg(agg)
    out.insert(0, "by", by)
    out["month_k" if month == "month_c" else "month_c"] = ""
    return out


def close_before_create_examples(con, f: ExportFile, m: FileMapping, prof: Profile, limit: int = 5) -> list[str]:
    cd, kd = prof.dates["created"].sql("o."), prof.dates["closed"].sql("o.")
    rows = con.execute(f"SELECT {_col(m, 'id', 'o.')}, {_col(m, 'created', 'o.')}, {_col(m, 'closed', 'o.')} "
                       f"FROM {f.view} o WHERE {kd} < {cd} LIMIT {limit}").fetchall()
    return [f"{i} (created {c}, closed {k})" for i, c, k in rows]


def lead_groups(con: duckdb.DuckDBPyConnection, f: ExportFile, m: FileMapping, prof: Profile,
          opps: ExportFile, omap: FileMapping) -> pd.DataFrame:
    """Grouped lead rows by create month, stage, source and converted (joined to an opportunity)."""
    cd = prof.dates["created"].sql("x.")
    oid = quote(omap.columns["id"])
    if "opportunity_id" in m.columns:
        oc = quote(m.columns["opportunity_id"])
        conv = f"(x.{oc} IS NOT NULL AND trim(x.{oc}) <> '')"
        match = f"(split_part(trim(x.{oc}), ';', 1) IN (SELECT trim({oid}) FROM {opps.view}))"
    elif "lead_id" in omap.columns:
        olid = quote(omap.columns["lead_id"])
        conv = (f"(trim(x.{quote(m.columns['id'])}) IN (SELECT trim({olid}) FROM {opps.view} WHERE {olid} IS NOT NULL))")
        match = conv
    else:
        conv, match = "false", "false"
    sql = f"""
    SELECT coalesce(strftime(date_trunc('month', cd), '%Y-%m'), '') AS month_c, stage, src, converted, matched,
           count(*) AS n, count(*) FILTER (WHERE cd IS NULL) AS n_no_created,
           count(*) FILTER (WHERE cd IS NULL AND cr IS NOT NULL AND cr <> '') AS n_created_bad,
           min(cd) AS first_c, max(cd) AS last_c
    FROM (SELECT CASE WHEN cd0 >= DATE '1900-01-01' THEN cd0 END AS cd, * EXCLUDE (cd0)
          FROM (SELECT {cd} AS cd0, {_col(m, 'created', 'x.')} AS cr, {_col(m, 'stage', 'x.')} AS stage,
                       {_col(m, 'source', 'x.')} AS src, {conv} AS converted, {match} AS matched
                FROM {_source(f, m, prof.duplicate_ids > 0)} x))
    GROUP BY month_c, stage, src, converted, matched
    """
    df = con.execute(sql).df()
    for c in ("stage", "src"):
        df[c] = df[c].astype(object).where(df[c].notna(), "").astype(str).str.strip()
    keys = ["month_c", "stage", "src", "converted", "matched"]
    return df.groupby(keys, as_index=False, dropna=False).agg(
        {"n": "sum", "n_no_created": "sum", "n_created_bad": "sum", "first_c": "min", "last_c": "max"})
