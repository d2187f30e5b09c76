"""One CRM export file (CSV, XLSX or Parquet) made readable by DuckDB where it lies, as text columns.

CSV and Parquet are read by DuckDB's own readers (nothing is loaded into pandas); an Excel sheet
(a few hundred thousand rows at most) is read with openpyxl and handed to DuckDB. Every column is
seen as text, so no cell is coerced or dropped before the importer has said what it does with it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
from openpyxl import load_workbook

from comp_models.errors import InputError, Issue

MAX_FILE_BYTES = 4 * 2**30  # 4 GiB: Data Loader's 5 million records are about 1.1 GB
SUFFIXES = {".csv": "csv", ".txt": "csv", ".tsv": "csv", ".xlsx": "xlsx", ".xlsm": "xlsx", ".parquet": "parquet",
            ".pq": "parquet"}


@dataclass(frozen=True)
class ExportFile:
    """A file the importer read: where, what kind, its SHA-256, size and header."""

    role: str  # "opportunities", "leads", "monthly"
    path: Path
    kind: str  # csv | xlsx | parquet
    sha256: str  # filled in by the importer, which hashes while DuckDB reads
    size: int
    header: tuple[str, ...]
    view: str  # the DuckDB view over its rows (every column VARCHAR)

    @property
    def name(self) -> str:
        return str(self.path)

    def to_dict(self) -> dict:
        return {"role": self.role, "path": str(self.path), "kind": self.kind, "sha256": self.sha256,
                "bytes": self.size, "columns": list(self.header)}


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 22), b""):
            h.update(block)
    return h.hexdigest()


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _sql_text(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def _check_text(path: Path, encoding: str) -> None:
    """A clear message for a file that is not in the stated encoding (DuckDB's would be cryptic)."""
    with path.open("rb") as fh:
        head = fh.read(1 << 20)
    if encoding.lower().replace("-", "") in ("utf8", "utf8sig"):
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise InputError([Issue(str(path), "file", "is UTF-16 text, not UTF-8",
                                    "export it again as CSV UTF-8, or set encoding = \"utf-16\" under [files] in a "
                                    "mapping file")])
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as exc:
            if exc.start < len(head) - 4:  # not just a character cut at the end of the sample
                raise InputError([Issue(str(path), f"byte {exc.start}", "is not UTF-8 text "
                                        f"(byte 0x{head[exc.start]:02x} cannot start a UTF-8 character)",
                                        "export it again as CSV UTF-8, or state its encoding (e.g. encoding = "
                                        "\"latin-1\" under [files] in a mapping file)")]) from None


def _size(n: float) -> str:
    return f"{n / 1e9:,.1f} GB" if n >= 1e9 else f"{n / 1e6:,.1f} MB" if n >= 1e6 else f"{n:,.0f} bytes"


def _sheet(path: Path) -> str | int:
    """The one sheet with data; several are refused, naming them (the importer does not pick one)."""
    wb = load_workbook(path, read_only=True, data_only=True)
    try:
        full = [ws.title for ws in wb.worksheets if (ws.max_row or 0) > 1 or (ws.max_column or 0) > 1]
    finally:
        wb.close()
    if len(full) > 1:
        raise InputError([Issue(str(path), "workbook", f"has {len(full)} sheets with data: "
                                f"{', '.join(repr(t) for t in full)}", "keep the export on one sheet, or save that "
                                "sheet as CSV")])
    return full[0] if full else 0


def _excel_frame(path: Path) -> pd.DataFrame:
    try:
        df = pd.read_excel(path, sheet_name=_sheet(path), dtype=object, engine="openpyxl")
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a corrupt workbook
        raise InputError([Issue(str(path), "file", f"is not a readable Excel workbook ({type(exc).__name__})",
                                "save it again as .xlsx, or export it as CSV")]) from None
    out = pd.DataFrame(index=df.index)
    for col in df.columns:
        s = df[col]
        text = s.map(lambda v: "" if v is None or (isinstance(v, float) and pd.isna(v)) else
                     v.isoformat(sep=" ") if hasattr(v, "isoformat") else str(v))
        out[str(col).strip()] = text.astype(object).where(text != "", None)
    return out


def open_export(con: duckdb.DuckDBPyConnection, path: str | Path, role: str, *, encoding: str = "utf-8",
                max_bytes: int = MAX_FILE_BYTES) -> ExportFile:
    """Register a view `role` over the file's rows, every column as text; refuse unreadable files."""
    path = Path(path)
    name = str(path)
    if not path.is_file():
        raise InputError([Issue(name, "file", "does not exist" if not path.exists() else "is not a file",
                                "check the path")])
    size = path.stat().st_size
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        raise InputError([Issue(name, "file", f"has an unsupported type {path.suffix!r}",
                                "use a .csv, .xlsx or .parquet export")])
    if size > max_bytes:
        raise InputError([Issue(name, "file", f"is {_size(size)}, over the {_size(max_bytes)} limit",
                                "split the export by year (one file per run) or raise the limit (--max-mb)")])
    if size == 0:
        raise InputError([Issue(name, "file", "is empty (0 bytes)", "export the report again with its header row")])
    view = f"src_{role}"
    try:
        if kind == "csv":
            _check_text(path, encoding)
            delim = "\t" if path.suffix.lower() == ".tsv" else ","
            con.execute(f"CREATE OR REPLACE VIEW {view} AS SELECT * FROM read_csv({_sql_text(path)}, "
                        f"all_varchar=true, header=true, delim='{delim}', quote='\"', escape='\"', "
                        f"encoding='{encoding}', null_padding=false, strict_mode=true)")
        elif kind == "parquet":
            con.execute(f"CREATE OR REPLACE VIEW {view}_raw AS SELECT * FROM read_parquet({_sql_text(path)})")
            cols = [r[0] for r in con.execute(f"DESCRIBE {view}_raw").fetchall()]
            casts = ", ".join(f"CAST({_quote(c)} AS VARCHAR) AS {_quote(c)}" for c in cols)
            con.execute(f"CREATE OR REPLACE VIEW {view} AS SELECT {casts} FROM {view}_raw")
        else:
            frame = _excel_frame(path)
            con.register(f"{view}_frame", frame)
            con.execute(f"CREATE OR REPLACE VIEW {view} AS SELECT * FROM {view}_frame")
        header = tuple(r[0] for r in con.execute(f"DESCRIBE {view}").fetchall())
        rows = con.execute(f"SELECT count(*) FROM (SELECT 1 FROM {view} LIMIT 1)").fetchone()[0]
    except InputError:
        raise
    except duckdb.Error as exc:
        raise InputError([_duckdb_issue(name, kind, exc)]) from None
    if not rows:
        raise InputError([Issue(name, "file", "has a header but no rows", "export the report with its records")])
    if kind == "csv" and header and all(h.startswith("column") and h[6:].isdigit() for h in header):
        raise InputError([Issue(name, "row 1", "has no header row", "export with column names in the first row")])
    return ExportFile(role, path, kind, "", size, header, view)  # the hash is taken beside the roll-up


def _duckdb_issue(name: str, kind: str, exc: Exception) -> Issue:
    text = str(exc).splitlines()[0][:300]
    if "unicode" in text.lower() or "utf" in text.lower() or "encoding" in text.lower():
        return Issue(name, "file", "is not valid text in the stated encoding",
                     "export it again as CSV UTF-8, or state its encoding under [files] in a mapping file")
    if kind == "parquet":
        return Issue(name, "file", f"is not a readable Parquet file ({text})", "export it again, or export CSV")
    if "no columns" in text.lower() or "empty" in text.lower():
        return Issue(name, "file", "is empty", "export the report again with its header row")
    return Issue(name, "file", f"is not valid CSV ({text})",
                 "make every row have as many fields as the header, with quotes around cells that contain commas")


def quote(name: str) -> str:
    """A column name as a DuckDB identifier."""
    return _quote(name)
