"""Which column of an export plays which role, without a mapping file for the common exports.

Each role (the record's id, its create date, its stage, ...) has the names Salesforce, HubSpot and
generic snake_case exports give it. Names are compared without case, spaces or punctuation. When
two columns of a file fit one role the importer refuses and says how to choose; a mapping file
(TOML, `schema_version = 1`, see MAPPING_FILE_DOC) overrides any role, stage, date format, the
attribution rule, the time zone and the stated assumptions.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from comp_models.errors import InputError, Issue

SCHEMA_VERSION = 1

#: role -> (required, what it is, the names exports give it)
OPPORTUNITY_ROLES: dict[str, tuple[bool, str, tuple[str, ...]]] = {
    "id": (True, "the opportunity's id", ("Id", "Opportunity ID", "Deal ID", "opportunity_id", "deal_id")),
    "created": (True, "when it was created (dates pipeline and SQLs)",
                ("CreatedDate", "Create Date", "engage_date", "created_date", "create_date", "created_at")),
    "closed": (False, "when it closed (dates bookings and won deals)",
               ("CloseDate", "Close Date", "close_date", "closed_date", "closed_at", "won_date")),
    "stage": (True, "its stage", ("StageName", "Deal Stage", "deal_stage", "stage", "stage_name")),
    "amount": (False, "its value", ("Amount", "close_value", "amount", "deal_value", "value")),
    "is_won": (False, "won flag", ("IsWon", "is_won")),
    "is_closed": (False, "closed flag", ("IsClosed", "is_closed")),
    "source": (False, "where it came from (attribution)",
               ("LeadSource", "Original Source", "origin", "lead_source", "source")),
    "lead_id": (False, "the lead it came from (attribution join)", ("lead_id", "mql_id", "ConvertedLeadId")),
}
LEAD_ROLES: dict[str, tuple[bool, str, tuple[str, ...]]] = {
    "id": (True, "the lead's id", ("Id", "Record ID", "Contact ID", "lead_id", "mql_id")),
    "created": (True, "when it was created (dates the funnel cohort)",
                ("CreatedDate", "Create Date", "first_contact_date", "created_date", "create_date", "created_at")),
    "stage": (False, "its status or lifecycle stage",
              ("Status", "Lifecycle Stage", "lead_status", "lifecycle_stage", "status", "stage")),
    "source": (False, "where it came from (attribution)",
               ("LeadSource", "Original Source", "origin", "lead_source", "source")),
    "opportunity_id": (False, "the opportunity it converted into (attribution join)",
                       ("ConvertedOpportunityId", "Associated Deal IDs", "Associated Deal ID",
                        "converted_opportunity_id", "opportunity_id")),
}
ROLES = {"opportunities": OPPORTUNITY_ROLES, "leads": LEAD_ROLES}
#: a shape is named by columns only it has
SIGNATURES = {"salesforce": ("StageName", "CloseDate", "IsWon", "LeadSource", "Status", "ConvertedOpportunityId"),
              "hubspot": ("Deal Stage", "Deal ID", "Original Source", "Record ID", "Lifecycle Stage"),
              "generic": ("deal_stage", "opportunity_id", "engage_date", "close_value", "lead_id", "first_contact_date",
                          "origin")}
DATE_ROLES = {"opportunities": ("created", "closed"), "leads": ("created",)}
STEPS_FOR_LEADS = ("inquiry", "mql", "sal", "sql")

MAPPING_FILE_DOC = '''\
# comp-align CRM mapping file: every table and key is optional; what is set overrides the detection.
schema_version = 1
timezone = "America/New_York"          # the company's time zone: UTC timestamps become local dates

[files]
encoding = "utf-8"                     # or "latin-1", "utf-16"

[opportunities.columns]                # role = "column as written in the export"
amount = "Amount in company currency"  # roles: id, created, closed, stage, amount, is_won, is_closed, source, lead_id
[opportunities.stages]                 # stage value = inquiry | mql | sal | sql | open | won | lost
"Discovery" = "open"
[opportunities.date_formats]           # role = strptime format, when the cells fit more than one
created = "%d-%m-%y"

[leads.columns]                        # roles: id, created, stage, source, opportunity_id
source = "Lead Source"
[leads.stages]                         # furthest step reached: inquiry | mql | sal | sql | won | lost
"Recycled" = "mql"
[leads]
base_step = "mql"                      # the step of every lead when the file has no stage column

[attribution]
method = "source"                      # "source": the opportunity's own source field; "join": through its lead
marketing_sources = ["Web", "Webinar"] # source values that count as marketing-sourced

[assumptions]                          # inputs the CRM cannot give, stated once, reported as "assumed"
marketing_spend = 80000                # per month
gross_profit = { pct = 75, of = "revenue" }
'''


def normal(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", str(name).lower())


@dataclass
class FileMapping:
    """The columns chosen for one export, how each was chosen, and the overrides for stages and dates."""

    role: str
    shape: str
    columns: dict[str, str]  # role -> column
    how: dict[str, str]  # role -> "detected" | "mapping file"
    stages: dict[str, str] = field(default_factory=dict)  # overrides: stage value -> step
    date_formats: dict[str, str] = field(default_factory=dict)
    base_step: str = "mql"

    def to_dict(self) -> dict:
        return {"shape": self.shape, "columns": {r: {"column": c, "how": self.how[r]} for r, c in self.columns.items()},
                "stage_overrides": self.stages, "date_formats": self.date_formats,
                **({"base_step": self.base_step} if self.role == "leads" else {})}


@dataclass
class MappingFile:
    """A parsed mapping file (all optional)."""

    path: str | None = None
    timezone: str | None = None
    encoding: str = "utf-8"
    files: dict[str, dict] = field(default_factory=dict)  # opportunities / leads -> their table
    attribution: dict = field(default_factory=dict)
    assumptions: dict = field(default_factory=dict)


def load_mapping(path: str | Path | None) -> MappingFile:
    if path is None:
        return MappingFile()
    name = str(path)
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError([Issue(name, "file", f"cannot be read ({exc.strerror})", "check the path")]) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError([Issue(name, "file", f"is not valid TOML ({exc})", "fix the syntax (see the example in the "
                                "README's 'Bring your own CRM export')")]) from None
    issues: list[Issue] = []
    if data.get("schema_version") != SCHEMA_VERSION:
        issues.append(Issue(name, "schema_version", f"is {data.get('schema_version')!r}, not {SCHEMA_VERSION}",
                            f"start the file with schema_version = {SCHEMA_VERSION}"))
    known = {"schema_version", "timezone", "files", "opportunities", "leads", "attribution", "assumptions"}
    for key in data:
        if key not in known:
            issues.append(Issue(name, key, "is not a mapping-file key", f"use only: {', '.join(sorted(known))}"))
    for role in ("opportunities", "leads"):
        table = data.get(role, {})
        for key in table:
            if key not in ("columns", "stages", "date_formats", "base_step"):
                issues.append(Issue(name, f"{role}.{key}", "is not a known key",
                                    "use columns, stages, date_formats or base_step"))
        for r in table.get("columns", {}):
            if r not in ROLES[role]:
                issues.append(Issue(name, f"{role}.columns.{r}", "is not a role",
                                    f"the roles are: {', '.join(ROLES[role])}"))
        for r in table.get("date_formats", {}):
            if r not in DATE_ROLES[role]:
                issues.append(Issue(name, f"{role}.date_formats.{r}", "is not a date role",
                                    f"use one of: {', '.join(DATE_ROLES[role])}"))
    if issues:
        raise InputError(issues)
    return MappingFile(name, data.get("timezone"), data.get("files", {}).get("encoding", "utf-8"),
                       {r: data.get(r, {}) for r in ("opportunities", "leads")}, data.get("attribution", {}),
                       data.get("assumptions", {}))


def _shape(header: tuple[str, ...]) -> str:
    have = set(header)
    scores = {s: sum(c in have for c in sig) for s, sig in SIGNATURES.items()}
    best = max(scores, key=scores.get)
    return best if scores[best] else "custom"


def choose_columns(file_name: str, role: str, header: tuple[str, ...], overrides: dict | None = None) -> FileMapping:
    """The column for each role: the mapping file's, else the one column whose name fits; two fits refuse."""
    overrides = overrides or {}
    chosen = dict(overrides.get("columns", {}))
    how = {r: "mapping file" for r in chosen}
    issues: list[Issue] = []
    by_normal: dict[str, list[str]] = {}
    for col in header:
        by_normal.setdefault(normal(col), []).append(col)
    for r, col in chosen.items():
        if col not in header:
            issues.append(Issue(overrides.get("_file", "mapping file"), f"{role}.columns.{r}",
                                f"names {col!r}, which is not a column of {file_name}",
                                f"use one of: {', '.join(header)}"))
    taken = set(chosen.values())
    for r, (required, what, names) in ROLES[role].items():
        if r in chosen:
            continue
        fits = []
        for n in names:
            for col in by_normal.get(normal(n), []):
                if col not in fits and col not in taken:
                    fits.append(col)
        if len(fits) > 1:
            issues.append(Issue(file_name, f"columns {', '.join(repr(f) for f in fits)}",
                                f"all fit the role {r!r} ({what}): the importer will not guess",
                                f"choose one in a mapping file: [{role}.columns] {r} = {fits[0]!r} "
                                f"(then --mapping FILE)"))
        elif fits:
            chosen[r], how[r] = fits[0], "detected"
            taken.add(fits[0])
        elif required:
            issues.append(Issue(file_name, f"role {r!r}", f"no column fits it ({what}; looked for "
                                f"{', '.join(names)})",
                                f"name the column in a mapping file: [{role}.columns] {r} = \"<column>\""))
    if issues:
        raise InputError(issues)
    order = list(ROLES[role])
    columns = {r: chosen[r] for r in order if r in chosen}
    return FileMapping(role, _shape(header), columns, {r: how[r] for r in columns},
                       dict(overrides.get("stages", {})), dict(overrides.get("date_formats", {})),
                       overrides.get("base_step", "mql"))


def describe(mapping: FileMapping, file_name: str) -> list[str]:
    """Lines saying which column plays which role (what the CLI prints)."""
    lines = [f"{file_name}: {mapping.shape} {mapping.role} export"]
    for r, col in mapping.columns.items():
        lines.append(f"    {r:<15} <- {col!r} ({mapping.how[r]})")
    return lines
