"""Stage values to funnel steps, and "reached this step" counts.

A lead's stage says the furthest step of the demand waterfall it reached (inquiry < MQL < SAL <
SQL); an opportunity's says whether it is open, won or lost (every opportunity is an SQL). A record
counts in every step up to the one it reached, in its cohort month (the lead's create date), so
SQL <= SAL <= MQL <= inquiries holds in every month by construction. Won and lost are dated by the
close date, open pipeline by the opportunity's create date.

Defaults cover Salesforce, HubSpot and generic names; a mapping file's [*.stages] overrides them;
Salesforce's IsWon / IsClosed flags decide an opportunity's outcome when the export has them. A
stage value that nothing maps is an error that lists every such value with its row count.
"""

from __future__ import annotations

import pandas as pd

from comp_models.data.crm.mapping import normal
from comp_models.errors import InputError, Issue

LEAD_STEPS = ("inquiry", "mql", "sal", "sql")
OPP_STEPS = ("open", "won", "lost")
STEPS = LEAD_STEPS + OPP_STEPS
#: a lead's furthest step as a rank (won: it became a customer; lost: disqualified at inquiry)
LEAD_RANK = {"inquiry": 0, "mql": 1, "sal": 2, "sql": 3, "won": 3, "lost": 0}
STEP_COLUMN = {"inquiry": "inquiries", "mql": "mqls", "sal": "sals", "sql": "sqls"}
DATED_BY = {"inquiry": "lead created", "mql": "lead created", "sal": "lead created", "sql": "lead created",
            "open": "opportunity created", "won": "close date", "lost": "close date"}

DEFAULT_OPPORTUNITY_STAGES = {
    **{normal(v): "won" for v in ("Closed Won", "Won", "closedwon")},
    **{normal(v): "lost" for v in ("Closed Lost", "Lost", "closedlost")},
    **{normal(v): "open" for v in (
        "Prospecting", "Qualification", "Needs Analysis", "Value Proposition", "Id. Decision Makers",
        "Perception Analysis", "Proposal/Price Quote", "Negotiation/Review", "Engaging", "Appointment Scheduled",
        "Qualified To Buy", "Presentation Scheduled", "Decision Maker Bought-In", "Contract Sent", "Discovery",
        "Proposal", "Negotiation", "Open")},
}
DEFAULT_LEAD_STAGES = {
    **{normal(v): "inquiry" for v in ("Subscriber", "Lead", "Other", "New", "Inquiry")},
    **{normal(v): "mql" for v in ("Open - Not Contacted", "Marketing Qualified Lead", "marketingqualifiedlead", "MQL")},
    **{normal(v): "sal" for v in ("Working - Contacted", "Closed - Not Converted", "Sales Accepted Lead", "SAL")},
    **{normal(v): "sql" for v in ("Closed - Converted", "Sales Qualified Lead", "salesqualifiedlead", "Opportunity",
                                  "SQL")},
    **{normal(v): "won" for v in ("Customer", "Evangelist")},
}


def _check_steps(overrides: dict, role: str, allowed: tuple[str, ...], file: str) -> list[Issue]:
    return [Issue(file, f"{role}.stages.{v!r}", f"maps to {s!r}, which is not a step",
                  f"use one of: {', '.join(allowed)}") for v, s in overrides.items() if s not in allowed]


def opportunity_steps(groups: pd.DataFrame, overrides: dict, *, file: str, column: str, flags: bool,
                      mapping_file: str = "mapping file") -> pd.Series:
    """Each group's step (open / won / lost or a lead step for pre-SQL stages), or an error listing unmapped values.

    groups: one row per (stage, is_won, is_closed) with a row count `n`.
    """
    issues = _check_steps(overrides, "opportunities", STEPS, mapping_file)
    if issues:
        raise InputError(issues)
    steps, unmapped = [], {}
    for row in groups.itertuples(index=False):
        value = row.stage if isinstance(row.stage, str) else ""
        if value in overrides:
            steps.append(overrides[value])
        elif flags and row.is_closed.strip():
            closed, won = _truthy(row.is_closed), _truthy(row.is_won)
            steps.append("won" if closed and won else "lost" if closed else "open")
        elif normal(value) in DEFAULT_OPPORTUNITY_STAGES:
            steps.append(DEFAULT_OPPORTUNITY_STAGES[normal(value)])
        else:
            unmapped[value] = unmapped.get(value, 0) + int(row.n)
            steps.append(None)
    if unmapped:
        raise InputError([unmapped_issue(file, column, unmapped, "opportunities", "open, won or lost")])
    return pd.Series(steps, index=groups.index, dtype=object)


def lead_steps(groups: pd.DataFrame, overrides: dict, *, file: str, column: str | None, base_step: str,
               mapping_file: str = "mapping file") -> pd.Series:
    """Each group's furthest lead step; a converted lead reached SQL whatever its status says."""
    issues = _check_steps(overrides, "leads", tuple(LEAD_RANK), mapping_file)
    if base_step not in LEAD_STEPS:
        issues.append(Issue(mapping_file, "leads.base_step", f"is {base_step!r}", f"use one of {', '.join(LEAD_STEPS)}"))
    if issues:
        raise InputError(issues)
    steps, unmapped = [], {}
    for row in groups.itertuples(index=False):
        if column is None:
            step = base_step
        else:
            value = row.stage if isinstance(row.stage, str) else ""
            step = overrides.get(value, DEFAULT_LEAD_STAGES.get(normal(value)))
            if step is None:
                unmapped[value] = unmapped.get(value, 0) + int(row.n)
        if step is not None and row.converted and LEAD_RANK[step] < 3:
            step = "sql"
        steps.append(step)
    if unmapped:
        raise InputError([unmapped_issue(file, column or "stage", unmapped, "leads", "inquiry, mql, sal, sql, won "
                                         "(became a customer) or lost (disqualified)")])
    return pd.Series(steps, index=groups.index, dtype=object)


def unmapped_issue(file: str, column: str, unmapped: dict[str, int], role: str, steps: str) -> Issue:
    listed = sorted(unmapped.items(), key=lambda kv: -kv[1])
    shown = ", ".join(f"{(v or '(blank)')!r} ({n:,} rows)" for v, n in listed[:20])
    more = f" and {len(listed) - 20} more" if len(listed) > 20 else ""
    example = listed[0][0] or "(blank)"
    return Issue(file, f"column {column}", f"has {len(listed)} stage value{'s' if len(listed) != 1 else ''} that no "
                 f"funnel step is given for: {shown}{more}",
                 f"map each in a mapping file, e.g. [{role}.stages] {example!r} = \"...\" (steps: {steps}), "
                 "then --mapping FILE")


def _truthy(v) -> bool:
    return isinstance(v, str) and v.strip().lower() in ("true", "1", "yes", "y", "t")


def stage_table(rows: list[dict]) -> pd.DataFrame:
    """The stage table the CLI and app show: file, stage value, step, rows, dated by, how."""
    df = pd.DataFrame(rows, columns=["file", "stage", "step", "rows", "dated_by", "how"])
    if df.empty:
        return df
    return (df.groupby(["file", "stage", "step", "dated_by", "how"], as_index=False, dropna=False)["rows"].sum()
            .sort_values(["file", "rows"], ascending=[True, False]).reset_index(drop=True)
            [["file", "stage", "step", "rows", "dated_by", "how"]])
