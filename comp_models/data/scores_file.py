"""Scores files: the CEO's scores of objectives (MBOs) as a CSV or Excel table with the columns
`goal, period, score, note` (docs/money.md §9). A score is a percent or one of the objective's level
names; the scores are checked against the scenario's objectives when merged (`with_scores`)."""

from __future__ import annotations

from pathlib import Path

from comp_models.data.history_files import _check_size, _read_table
from comp_models.data.tables import cell_problem, read_number
from comp_models.errors import InputError, Issue
from comp_models.plans import Scenario, Score, scenario_from_dict

SCORE_COLUMNS = ["goal", "period", "score", "note"]
REQUIRED = ["goal", "period", "score"]


def parse_scores(raw: bytes, name: str = "<scores>", *, sheet: str | None = None) -> list[Score]:
    """A scores table -> Score rows; a score cell that is not a number is taken as a level name."""
    _check_size(raw, name)
    df = _read_table(raw, name, sheet=sheet, expected=set(SCORE_COLUMNS))
    delimiter = df.attrs.get("delimiter")
    issues = [Issue(name, f"column {c}", "is missing", f"the columns are {', '.join(SCORE_COLUMNS)}")
              for c in REQUIRED if c not in df.columns]
    issues += [Issue(name, f"column {c!r}", "is not a scores column", f"remove it; the columns are {', '.join(SCORE_COLUMNS)}")
               for c in df.columns if c not in SCORE_COLUMNS]
    if issues:
        raise InputError(issues)
    out = []
    for i, row in enumerate(df.to_dict("records"), start=2):
        cell = {c: str(row.get(c, "")).strip() for c in SCORE_COLUMNS}
        number = read_number(cell["score"], delimiter)
        if number.value is None and number.kind not in (None, "text"):
            problem, fix = cell_problem(number.kind, cell["score"])
            issues.append(Issue(name, f"row {i}, column score", problem, fix))
            continue
        score: float | str = number.value if number.value is not None else cell["score"]
        if score == "":
            issues.append(Issue(name, f"row {i}, column score", "is empty", "give a percent or a level name"))
            continue
        out.append(Score(goal=cell["goal"], period=cell["period"], score=score, note=cell["note"]))
    if issues:
        raise InputError(issues)
    return out


def load_scores(path: str | Path, *, sheet: str | None = None) -> list[Score]:
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError([Issue(str(path), "file", f"cannot be read ({exc.strerror})", "check the path")]) from None
    return parse_scores(raw, str(path), sheet=sheet)


def with_scores(scenario: Scenario, scores: list[Score], file: str = "<scores>") -> Scenario:
    """The scenario with these scores; a score for an objective and period the scenario already scores
    replaces it (a scores file is the newer word). Checked as a whole."""
    if not scores:
        return scenario
    data = scenario.model_dump(mode="json")
    new = {(s.goal, s.period) for s in scores}
    kept = [s for s in data.get("scores", []) if (s["goal"], s["period"]) not in new]
    data["scores"] = [*kept, *(s.model_dump(mode="json") for s in scores)]
    return scenario_from_dict(data, file)
