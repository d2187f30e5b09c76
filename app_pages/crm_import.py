"""Import CRM export: opportunities (and leads, monthly inputs, a mapping file) into the session's history.

Upload the exports, read the mapping chosen, the stage table, coverage and rows, see which goals of
the open plan the data gives, state what it cannot give, set targets with the helper, then "Use this
history": the history and its targets become the session's, as on the Data page. Every figure the
import could not take from the data is named in the history's label ("assumed: ...").
"""

import calendar
import hashlib
import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from comp_models import InputError, scenario_to_toml
from comp_models.data.crm import MAPPING_FILE_DOC, history_csv, import_crm, parse_top_down, report_json, targets_csv
from comp_models.metrics import NUMERIC_COLUMNS
from ui import state, widgets
from ui.crm_words import on_this_page
from ui.state import HistoryData
from ui.text import esc

TYPES = ["csv", "xlsx", "parquet"]

st.title("Import CRM export")
st.caption(f"In use: **{esc(state.history().label)}**. Salesforce, HubSpot and generic snake_case exports are "
           "mapped without a mapping file; CSV, Excel or Parquet.")

opp = st.file_uploader("Opportunities / deals export", type=TYPES, key="crm_opps")
leads = st.file_uploader("Leads / contacts export (optional: funnel counts and the attribution join)", type=TYPES,
                         key="crm_leads")
with st.expander("Optional: monthly inputs, mapping file, time zone"):
    monthly = st.file_uploader("Monthly inputs the CRM cannot give (month + history columns, e.g. marketing_spend)",
                               type=["csv", "xlsx"], key="crm_monthly")
    mapping = st.file_uploader("Mapping file (TOML)", type=["toml"], key="crm_mapping")
    st.code(MAPPING_FILE_DOC, language="toml")
    timezone = st.text_input("Company time zone", value="UTC", key="crm_tz",
                             help="UTC timestamps (Salesforce's Z) are converted to it before the month is taken")
    trim = st.checkbox("Trim partial first/last months and an export-window drought", key="crm_trim")

st.subheader("What the data cannot give")
st.caption("State an input once (per month, or a share of another column, e.g. gross_profit=75%:revenue). It is "
           "carried as **assumed** in the report and in the history's name on every page.")
assume_text = st.text_area("Assumptions, one per line (COLUMN=VALUE or COLUMN=PCT%:OTHER)", key="crm_assume",
                           placeholder="marketing_spend=80000")
st.subheader("Targets helper")
c1, c2, c3 = st.columns(3)
growth = c1.number_input("Growth on the prior year's actuals, %", value=10.0, step=1.0, key="crm_growth")
top_down_text = c2.text_input("Top-down annual numbers (METRIC:YEAR=VALUE, comma-separated)", key="crm_topdown")
hindsight = c3.checkbox("Hindsight targets for a year with no prior year", key="crm_hindsight",
                        help="The year's own actuals: every goal attains 100% by construction, so pay measures "
                             "nothing. Only to try a plan's mechanics.")


FISCAL = state.scenario_for_numbers()[0].fiscal_year_start  # the open plan's plan years
if FISCAL != 1:
    st.caption(f"Plan years start in {calendar.month_name[FISCAL]} (the open plan's, set on Plan builder): the "
               "history starts at the first such month the exports cover fully.")


def _save(folder: Path, upload) -> Path | None:
    """An upload written to its own folder (DuckDB reads files where they lie)."""
    if upload is None:
        return None
    folder.mkdir(exist_ok=True)
    path = folder / Path(upload.name).name
    path.write_bytes(upload.getbuffer())
    return path


def _run_import(scenario_path: Path | None):
    with tempfile.TemporaryDirectory(prefix="crm_upload_") as tmp:
        folder = Path(tmp)
        paths = {k: _save(folder / k, u) for k, u in (("opps", opp), ("leads", leads), ("monthly", monthly),
                                                       ("mapping", mapping))}
        top_down = parse_top_down([t.strip() for t in top_down_text.split(",") if t.strip()])
        return import_crm(paths["opps"], paths["leads"], monthly_file=paths["monthly"], mapping=paths["mapping"],
                          timezone=timezone or None, trim=trim, growth_pct=growth, top_down=top_down,
                          hindsight=hindsight, scenario=scenario_path, fiscal_year_start=FISCAL,
                          assumptions=[a.strip() for a in assume_text.splitlines() if a.strip()])


def _scenario_file(folder: Path) -> Path:
    """The open plan as a TOML file, so the import checks its goals and targets as `run` would."""
    path = folder / "open_plan.toml"
    path.write_text(scenario_to_toml(state.scenario_for_numbers()[0]), encoding="utf-8")
    return path


if opp is not None:
    check_plan = st.checkbox("Check the open plan's goals and targets against this data", value=True, key="crm_plan")
    if st.button("Import", key="crm_import", type="primary"):
        try:
            with tempfile.TemporaryDirectory(prefix="crm_plan_") as plan_dir:
                result = _run_import(_scenario_file(Path(plan_dir)) if check_plan else None)
        except InputError as exc:
            st.session_state.pop("crm_result", None)
            widgets.show_issues([on_this_page(i) for i in exc.issues],
                                title="The export cannot be imported as it is; nothing was loaded")
        else:
            st.session_state["crm_result"] = (opp.file_id, result)

stored = st.session_state.get("crm_result")
if stored is not None and opp is not None and stored[0] == opp.file_id:
    result = stored[1]
    r = result.report
    st.success(f"Imported: {r['history']['first_month']} to {r['history']['last_month']} "
               f"({r['history']['months']} months).")
    st.markdown("**Mapping chosen** (override any of it with a mapping file)")
    rows = [{"file": role, "role": k, "column": v["column"], "how": v["how"]}
            for role, m in r["mapping"].items() for k, v in m["columns"].items()]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    st.dataframe(pd.DataFrame([{"file": role, "date": k, **d} for role, ds in r["dates"].items()
                               for k, d in ds.items()]), hide_index=True, width="stretch")
    st.markdown("**Stages → funnel steps** (counts are *reached this step*, in the lead's cohort month)")
    st.dataframe(result.stage_table, hide_index=True, width="stretch")
    st.markdown("**Coverage**")
    st.dataframe(pd.DataFrame(r["coverage"]["spans"]), hide_index=True, width="stretch")
    for note in r["coverage"]["notes"]:
        st.caption(esc(note))
    st.markdown("**Rows read, used and dropped**")
    st.dataframe(pd.DataFrame([{"file": x["file"], "read": x["read"], "used": x["used"],
                                "dropped": "; ".join(f"{n:,} {why}" for why, n in x["dropped"].items()) or "none",
                                "used in part": "; ".join(f"{n:,} {why}" for why, n in x["used_in_part"].items())
                                or "none"} for x in r["rows"]]), hide_index=True, width="stretch")
    st.markdown(f"**Attribution**: {esc(str(r['attribution']['method']))}")
    if r["attribution"]["sources"]:
        st.dataframe(pd.DataFrame(r["attribution"]["sources"]), hide_index=True)
    st.markdown("**Columns of the history** (where each comes from)")
    st.dataframe(pd.DataFrame([{"column": c, "from": p} for c, p in r["columns"].items()]
                              + [{"column": c, "from": "not in the history"} for c in NUMERIC_COLUMNS
                                 if c not in r["columns"]]), hide_index=True, width="stretch")
    if r["goals"]:
        st.markdown("**Goals of the open plan**")
        st.dataframe(pd.DataFrame([{"goal": g["label"], "metric": g["metric"], "status": g["status"]}
                                   for g in r["goals"]]), hide_index=True, width="stretch")
    st.caption("Presets the data fully covers: " + (", ".join(r["presets_covered"]) or "none"))
    t = r["targets"]
    st.markdown("**Targets**")
    if t.get("targets"):
        st.dataframe(pd.DataFrame(t["targets"]), hide_index=True, width="stretch")
    for m in t.get("missing", []):
        st.caption("Missing: " + esc(m))
    for w in r["warnings"]:
        st.warning(esc(w))
    st.dataframe(result.history, hide_index=True)
    d1, d2, d3 = st.columns(3)
    d1.download_button("history.csv", history_csv(result), file_name="history.csv", mime="text/csv",
                       key="crm_dl_history", on_click="ignore")
    if result.targets is not None and result.targets.targets:
        d2.download_button("targets.csv", targets_csv(result.targets.targets), file_name="targets.csv",
                           mime="text/csv", key="crm_dl_targets", on_click="ignore")
    d3.download_button("import_report.json", report_json(result), file_name="import_report.json",
                       mime="application/json", key="crm_dl_report", on_click="ignore")
    if st.button("Use this history", key="crm_use", type="primary"):
        assumed = f" · assumed: {', '.join(result.assumed)}" if result.assumed else ""
        label = (f"CRM import {Path(opp.name).name} ({r['history']['first_month']} to {r['history']['last_month']}, "
                 f"{r['history']['months']} months){assumed}")
        digest = hashlib.sha256(report_json(result)).hexdigest()[:8]
        st.session_state["history"] = HistoryData.of(result.history_object(f"{opp.name} [{digest}]"),
                                                     result.annual_targets, label, "crm")
        del st.session_state["crm_result"]
        st.rerun()
