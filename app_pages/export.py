"""Export: the workbook and CSV from the library, the scenario file, and one-page plan summaries.

The files are built when their button is clicked (a callable for `st.download_button`), so opening the
page does not build the workbook, the CSV or the HTML; the export code is imported only then.
"""

import streamlit as st

from comp_models import scenario_to_toml
from comp_models.periods import year_monthly_targets
from ui import cache, state, widgets
from ui.text import esc


def _csv(stmt, scenario):
    def build() -> bytes:
        from comp_models.reports.workbook import statement_csv

        return statement_csv(stmt, scenario)  # ids for machines, role titles and goal labels beside them
    return build


def _workbook(scenario, hist, rep):
    return lambda: cache.workbook(scenario, hist, rep)


def _html(scenario, role, annual, plan_year):
    def build() -> bytes:
        from comp_models.reports.plan_summary import plan_summary_html

        return plan_summary_html(scenario, role, annual, plan_year).encode("utf-8")
    return build


got = widgets.current_replay()
if got:
    from comp_models.reports.plan_summary import plan_summary_markdown  # the preview shows it

    scenario, rep, _ = got
    hist = state.history()
    st.title("Export")
    slug = scenario.name.replace(" ", "_").lower()
    st.download_button("Excel workbook (summary, per period, detail with traces, plans, assumptions)",
                       _workbook(scenario, hist, rep),
                       file_name=f"{slug}.xlsx", key="dl_xlsx", on_click="ignore",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    st.download_button("CSV (every line, tidy)", _csv(rep.stmt, scenario), file_name=f"{slug}.csv",
                       mime="text/csv", key="dl_csv", on_click="ignore")
    st.download_button("Scenario file (.toml)", scenario_to_toml(scenario).encode("utf-8"), file_name=f"{slug}.toml",
                       mime="application/toml", key="dl_toml", on_click="ignore")
    st.subheader("Plan documents")
    plan_year = int(rep.summary["year"].max())
    annual = year_monthly_targets(scenario, hist.targets, plan_year)
    st.caption(f"One page per VP with {plan_year}'s targets, the curves and the matrix as labelled tables, example "
               "payouts and an acknowledgement block to sign.")
    for role, plan in scenario.roles.items():
        c0, c1, c2 = st.columns(3)
        try:
            pdf = cache.plan_pdf(scenario, hist, role, plan_year, annual)
        except (ImportError, OSError) as exc:  # WeasyPrint or its system libraries missing
            c0.warning(f"PDF unavailable on this machine ({esc(type(exc).__name__)}); the HTML prints to PDF.")
        else:
            c0.download_button(f"{esc(plan.title)}: plan document (PDF)", pdf, file_name=f"{slug}_{role}.pdf",
                               mime="application/pdf", key=f"dl_pdf_{role}", on_click="ignore", type="primary",
                               icon=":material/picture_as_pdf:")
        c1.download_button(f"{esc(plan.title)}: summary (HTML)", _html(scenario, role, annual, plan_year),
                           file_name=f"{slug}_{role}.html", mime="text/html", key=f"dl_html_{role}", on_click="ignore")
        md = plan_summary_markdown(scenario, role, annual, plan_year)
        c2.download_button(f"{esc(plan.title)}: summary (Markdown)", md.encode("utf-8"), file_name=f"{slug}_{role}.md",
                           mime="text/markdown", key=f"dl_md_{role}", on_click="ignore")
        with st.expander(f"Preview: {esc(plan.title)}"):
            st.markdown(md)
