"""Histories that start in any month (docs/money.md §1, §12): a start after January is accepted,
every other check on the months still holds, and `validate` says when the first plan year is partial."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from comp_models.data import SAMPLE_HISTORY, parse_history
from comp_models.errors import InputError

ROOT = Path(__file__).resolve().parents[2]


def _relabelled(first_year: int, first_month: int, n: int, *, skip: int | None = None,
                swap: tuple[int, int] | None = None, repeat: int | None = None) -> bytes:
    """The sample history's first n rows with months from first_year-first_month on; optionally a month
    left out (skip: a gap), two rows' months swapped (unsorted) or a month repeated."""
    lines = SAMPLE_HISTORY.read_text(encoding="utf-8").splitlines()
    head, rows = lines[0], lines[1:1 + n]
    months = [f"{first_year + (first_month - 1 + i) // 12}-{(first_month - 1 + i) % 12 + 1:02d}" for i in range(n + 1)]
    if skip is not None:
        months = months[:skip] + months[skip + 1:]
    months = months[:n]
    if swap is not None:
        a, b = swap
        months[a], months[b] = months[b], months[a]
    if repeat is not None:
        months[repeat + 1] = months[repeat]
    body = [",".join([m, *r.split(",")[1:]]) for m, r in zip(months, rows)]
    return ("\n".join([head, *body]) + "\n").encode()


def test_a_history_starting_in_july_2019_validates():
    h = parse_history(_relabelled(2019, 7, 30), "h.csv")
    assert h.months[0] == "2019-07" and h.months[-1] == "2021-12" and len(h.months) == 30
    sample = parse_history(SAMPLE_HISTORY.read_bytes(), "s.csv").frame
    assert h.frame.drop(columns="month").equals(sample.drop(columns="month").iloc[:30].reset_index(drop=True))


@pytest.mark.parametrize("month", [2, 6, 7, 12])
def test_any_first_month_is_accepted(month):
    assert parse_history(_relabelled(2020, month, 14), "h.csv").months[0] == f"2020-{month:02d}"


def test_a_mid_year_history_still_refuses_a_gap_unsorted_months_and_a_duplicate():
    with pytest.raises(InputError) as gap:
        parse_history(_relabelled(2019, 7, 12, skip=4), "h.csv")  # 2019-11 left out
    assert [(i.where, i.problem) for i in gap.value.issues] == [
        ("rows 5-6, column month", "months between 2019-10 and 2019-12 are missing")]
    with pytest.raises(InputError) as order:
        parse_history(_relabelled(2019, 7, 12, swap=(3, 4)), "h.csv")
    assert [i.problem for i in order.value.issues] == ["2019-10 comes after 2019-11: months are not sorted"]
    with pytest.raises(InputError) as dup:
        parse_history(_relabelled(2019, 7, 12, repeat=2), "h.csv")
    assert {i.problem for i in dup.value.issues} == {"month 2019-09 appears more than once"}


def test_no_message_anywhere_asks_for_a_january_start():
    """The refusal is gone from every reader (grep -rn January comp_models found it in history_files)."""
    text = (ROOT / "comp_models/data/history_files.py").read_text(encoding="utf-8")
    assert "not in a January" not in text and "start the file at a January" not in text


def _validate(path: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "comp_models", "validate", str(path), *extra], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)


def test_validate_accepts_a_mid_year_start_and_says_the_first_plan_year_is_partial(tmp_path):
    path = tmp_path / "h.csv"
    path.write_bytes(_relabelled(2019, 7, 30))
    out = _validate(path)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.strip().splitlines()
    assert lines[0] == "OK: history 2019-07 to 2021-12, 30 months, 18 columns"
    assert lines[1] == ("note: the history starts in 2019-07, after the first month of plan year 2019 (2019-01; "
                        "plan years from January, unless a scenario's fiscal_year_start says otherwise): the first "
                        "plan year is partial, measured on the months the history has, with no annual true-up; "
                        "with fiscal_year_start = 7 the history starts with a whole plan year")
    assert len(lines) == 2  # 2021-12 ends calendar plan year 2021: nothing open


def test_a_whole_plan_year_history_prints_no_note(tmp_path):
    path = tmp_path / "h.csv"
    path.write_bytes(_relabelled(2019, 1, 24))
    out = _validate(path)
    assert out.returncode == 0 and out.stdout.strip().splitlines() == [
        "OK: history 2019-01 to 2020-12, 24 months, 18 columns"]
