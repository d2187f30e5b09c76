"""Input problems reported to users: every problem names the file, where, what and how to fix."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Issue:
    """One problem in one input file."""

    file: str
    where: str  # e.g. "row 7, column mqls" or "roles.vp_sales.components[1].weight"
    problem: str
    fix: str

    def __str__(self) -> str:
        return f"{self.file}: {self.where}: {self.problem}. Fix: {self.fix}"


class InputError(ValueError):
    """Raised with every problem found, never just the first."""

    def __init__(self, issues: list[Issue]):
        self.issues = list(issues)
        super().__init__(self.report())

    def report(self) -> str:
        n = len(self.issues)
        head = f"{n} problem{'s' if n != 1 else ''} found:"
        return "\n".join([head, *(f"  - {i}" for i in self.issues)])


class ScenarioExistsError(FileExistsError):
    """Saving would overwrite an existing scenario file without the caller's consent."""
