"""Scenario files: safe TOML load (the standard library's `tomllib`, which cannot execute anything)
and the TOML text a scenario is saved as (saving itself: `plans.saving`)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import tomli_w
from pydantic import ValidationError

from comp_models.errors import InputError, Issue
from comp_models.plans.models import SCHEMA_VERSION, WEIGHT_TOLERANCE
from comp_models.plans.scenario import Scenario


def _issues_from_validation(file: str, exc: ValidationError) -> list[Issue]:
    issues = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err["loc"] if p not in ("bonus", "matrix", "commission"))
        msg = err["msg"].removeprefix("Value error, ")
        if err["type"] == "value_error" and "||" in msg:  # our cross-field checks, one per line
            for line in msg.split("\n"):
                where_what, fix = line.split(" || ", 1)
                where, what = where_what.split(": ", 1)
                issues.append(Issue(file, where, what, fix))
            continue
        fix = {
            "extra_forbidden": "remove it, or check its spelling against the README's scenario format",
            "missing": "add this field",
            "union_tag_invalid": "set kind to 'bonus', 'matrix' or 'commission'",
            "union_tag_not_found": "set kind to 'bonus', 'matrix' or 'commission'",
            "bool_not_number": "write a number (true and false are not numbers), e.g. weight = 40",
            "less_than_equal": "use a value within the bound shown (percentages are written as percent: 40 means 40%)",
        }.get(err["type"], "correct the value as described")
        what = "unknown field" if err["type"] == "extra_forbidden" else msg
        issues.append(Issue(file, loc or "(top level)", what, fix))
    return issues


def _raw_weight_issues(data: dict, file: str) -> list[Issue]:
    """Weight sums read straight from the raw dict: reported even when other field errors stop
    the model's own cross-field checks from running."""
    issues = []
    roles = data.get("roles") if isinstance(data, dict) else None
    for role, plan in (roles.items() if isinstance(roles, dict) else ()):
        comps = plan.get("components") if isinstance(plan, dict) else None
        weights = [c.get("weight") for c in comps or [] if isinstance(c, dict) and c.get("kind") != "commission"]
        if weights and all(isinstance(w, (int, float)) and not isinstance(w, bool) for w in weights):
            total = float(sum(weights))
            if abs(total - 100.0) > WEIGHT_TOLERANCE:
                issues.append(Issue(file, f"roles.{role}.components", f"bonus weights sum to {total:g}%, not 100%",
                                    "change the weights so they add up to 100"))
    return issues


def _shape_issues(data: dict, file: str) -> list[Issue]:
    """Tables written as arrays of tables (`[[roles]]` for `[roles.vp_sales]`): named before the model reads them."""
    issues = []
    for key, example in (("roles", "[roles.vp_sales]"), ("goals", "[goals.revenue]"),
                         ("monthly_profiles", "[monthly_profiles]")):
        value = data.get(key) if isinstance(data, dict) else None
        if value is not None and not isinstance(value, dict):
            kind = "an array of tables ([[" + key + "]])" if isinstance(value, list) else f"a {type(value).__name__}"
            issues.append(Issue(file, key, f"is {kind}, not a table keyed by id",
                                f"write one table per entry with its id, e.g. {example}"))
    return issues


def scenario_from_dict(data: dict, file: str = "<scenario>") -> Scenario:
    """Validate a plain dict into a Scenario, or raise InputError listing every problem. A file of an
    older schema version is read as the current one (it means the same plan), so it saves as current."""
    shape = _shape_issues(data, file)
    if shape:
        raise InputError(shape)
    try:
        s = Scenario.model_validate(data)
        return s if s.schema_version == SCHEMA_VERSION else s.model_copy(update={"schema_version": SCHEMA_VERSION})
    except RecursionError:
        raise InputError([Issue(file, "(top level)", "values are nested too deeply to check",
                                "a scenario nests a few levels at most")]) from None
    except ValidationError as exc:
        issues = _issues_from_validation(file, exc)
        known = {(i.where, i.problem) for i in issues}
        issues += [i for i in _raw_weight_issues(data, file) if (i.where, i.problem) not in known
                   and not any(k[0] == i.where and "weights sum" in k[1] for k in known)]
        raise InputError(issues) from None


def load_scenario(path: str | Path) -> Scenario:
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError([Issue(str(path), "file", f"cannot be read ({exc.strerror})",
                                "check the path")]) from None
    return parse_scenario(raw, str(path))


def parse_scenario(raw: bytes, file: str = "<scenario>") -> Scenario:
    """Parse TOML bytes (e.g. an upload) into a Scenario."""
    if not raw.strip():
        raise InputError([Issue(file, "file", "is empty", "choose a scenario file (TOML)")])
    try:
        data = tomllib.loads(raw.decode("utf-8-sig"))  # a byte-order mark (Windows Notepad) is not content
    except UnicodeDecodeError:
        raise InputError([Issue(file, "file", "is not UTF-8 text", "save the scenario as UTF-8 TOML")]) from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError([Issue(file, "TOML syntax", str(exc), "fix the syntax at the line and column shown")]) from None
    except RecursionError:
        raise InputError([Issue(file, "TOML syntax", "values are nested too deeply to read",
                                "a scenario nests a few levels at most: remove the nested brackets or tables")]) from None
    return scenario_from_dict(data, file)


def scenario_to_toml(s: Scenario) -> str:
    data = s.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
    data = {**data, "schema_version": SCHEMA_VERSION}
    data = {"schema_version": data.pop("schema_version"), **data}
    return tomli_w.dumps(data)
