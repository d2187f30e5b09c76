"""Saving scenario files: atomic, never overwriting without consent, exactly one winner when several
sessions save the same new name at once, never outside the folder given, under a portable name."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from comp_models.errors import InputError, Issue, ScenarioExistsError
from comp_models.plans.files import scenario_to_toml
from comp_models.plans.scenario import Scenario

NAME_OK = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 _.-]{0,63}$")
RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}


def scenario_file_name(name: str) -> str:
    """The file stem a user's scenario name is saved under, or InputError saying why it cannot be one:
    letters, digits, spaces, - _ . (up to 64), not a Windows device name (con, nul, com1...), a trailing
    ".toml" taken as the extension, not part of the name."""
    stem = name.strip()
    if stem.lower().endswith(".toml"):
        stem = stem[:-5].rstrip()
    where = "name"
    if not NAME_OK.match(stem) or stem.endswith("."):
        raise InputError([Issue("<save>", where, f"{name!r} cannot be a file name",
                                "use letters, digits, spaces, - _ and . (up to 64 characters), not ending in a dot")])
    if stem.split(".")[0].strip().lower() in RESERVED:
        raise InputError([Issue("<save>", where, f"{stem!r} is a reserved device name on Windows",
                                "choose another name (e.g. add a word: 'con plan')")])
    return stem


def scenario_path(folder: str | Path, name: str) -> Path:
    """Where `name` is saved in `folder`: an existing file whose name differs only in case is that file
    (so 'Plan' and 'plan' never become two files)."""
    stem = scenario_file_name(name)
    folder = Path(folder)
    if folder.exists():
        for p in folder.glob("*.toml"):
            if p.stem.lower() == stem.lower():
                return p
    return folder / f"{stem}.toml"


def _write_temp(text: str, folder: Path, name: str) -> str:
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return tmp


def save_scenario(s: Scenario, path: str | Path, *, overwrite: bool = False, folder: str | Path | None = None) -> Path:
    """Write `s` to `path` atomically (a complete temporary file, then renamed or linked into place).

    Without `overwrite` the file is created exclusively (a hard link fails if the name exists), so
    when several writers race for one new name exactly one wins and the others get
    ScenarioExistsError. With `folder`, a path outside that folder is refused."""
    path = Path(path)
    if folder is not None:
        root = Path(folder).resolve()
        if root != path.resolve().parent and root not in path.resolve().parents:
            raise InputError([Issue(str(path), "path", f"is outside the scenarios folder {root}",
                                    "save under a plain name, inside the folder")])
    if path.exists() and not overwrite:
        raise ScenarioExistsError(f"{path} already exists; confirm to overwrite it")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = _write_temp(scenario_to_toml(s), path.parent, path.name)
    try:
        if overwrite:
            os.replace(tmp, path)
        else:
            try:
                os.link(tmp, path)
            except FileExistsError:
                raise ScenarioExistsError(f"{path} already exists; confirm to overwrite it") from None
    finally:
        Path(tmp).unlink(missing_ok=True)
    return path
