"""What every format parser shares: reading text safely, CSV with line numbers, the parse result."""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime, timedelta
from operator import attrgetter
from pathlib import Path
from typing import Any

from gapbot import yamlload
from gapbot.errors import InputFileError
from gapbot.models import Passage, ScoreRow
from gapbot.registry import ModelInfo, Registry
from gapbot.settings import DEFAULT_MAX_ROWS_PER_FILE
from gapbot.units import scale

_BINARY_MAGIC = {
    b"PK\x03\x04": "a zip archive",
    b"\x1f\x8b": "a gzip archive",
    b"%PDF": "a PDF",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\x7fELF": "an executable",
    b"SQLite format 3": "an SQLite database",
}
DATE_RE = re.compile(r"(\d{4})[-_]?(\d{2})[-_]?(\d{2})")
DEFAULT_MAX_ROWS = DEFAULT_MAX_ROWS_PER_FILE  # Context.max_rows when the caller passes no setting
# A snapshot or release dated later than this many days from now is a typo or a forgery (a 2100 date put a
# fabricated model at the top of every "newest snapshot" answer); a few days cover time zones and early posts.
FUTURE_GRACE_DAYS = 7
# Score scales by benchmark name: Elo-style ratings (LMArena, SEAL, LMSys: 470-1,620 in the real data), Epoch's
# capabilities index (75-150), and percentages for every other board (LiveBench, Aider, MMLU, ...).
ELO_RANGE = (100.0, 3000.0)
INDEX_RANGE = (0.0, 1000.0)
PERCENT_RANGE = (0.0, 100.0)
SINK_CHUNK = 2000  # rows a streaming parser hands on at a time: small enough to stay flat, big enough for SQLite
# A streaming parser's rows travel as plain tuples of ScoreRow's fields, in its field order (`row_values`): making
# a frozen dataclass costs ~4 us a row, a second or more of a million-row upload spent on objects thrown away.
RowValues = tuple
RowSink = Callable[[list[RowValues]], None]
row_values = attrgetter(*(f.name for f in fields(ScoreRow)))  # a ScoreRow as its values, in C


@dataclass(slots=True)
class Parsed:
    """The result of parsing one file: score rows and/or article passages, and what the user should know."""

    format: str
    rows: list[ScoreRow] = field(default_factory=list)
    passages: list[Passage] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    unknown_models: set[str] = field(default_factory=set)
    title: str = ""
    # Rows that could not be read: skipped, each reported as "file:line: reason". A file-level problem raises.
    row_errors: list[str] = field(default_factory=list)
    # Streaming (a parser that reads row by row, given the ingest's sink): rows are handed on in chunks as they
    # are made, so a million-row file is never held whole; `streamed` counts those already handed on.
    sink: RowSink | None = None
    streamed: int = 0
    pending: list[RowValues] = field(default_factory=list)  # made, not yet handed on

    def reject_row(self, exc: InputFileError) -> None:
        self.row_errors.append(str(exc))

    def add_values(self, values: RowValues) -> None:
        """One row as ScoreRow's field values in order: handed on in chunks to the sink, or kept as a ScoreRow."""
        if self.sink is None:
            self.rows.append(ScoreRow(*values))
            return
        self.pending.append(values)
        if len(self.pending) >= SINK_CHUNK:
            self.flush()

    def flush(self) -> None:
        """Hand on what is pending (the ingest calls it once the parser returns)."""
        if self.pending and self.sink is not None:
            self.sink(self.pending)
            self.streamed += len(self.pending)
            self.pending = []

    @property
    def total_rows(self) -> int:
        return self.streamed + len(self.pending) + len(self.rows)


@dataclass(slots=True)
class Context:
    """What a parser may consult besides the file itself."""

    registry: Registry
    file_id: str
    max_bytes: int = 50_000_000
    max_rows: int = DEFAULT_MAX_ROWS
    sink: RowSink | None = None  # where a streaming parser hands its rows on (ingest/pipeline.py)
    # (bytes read, file size) now and then while a streaming parser reads a big file: the ingest's progress
    progress: Callable[[int, int], None] | None = None
    # The settings a refusal tells the user to raise: a streaming format's limits are the snapshot ones.
    bytes_setting: str = "GAPBOT_MAX_FILE_BYTES"
    rows_setting: str = "GAPBOT_MAX_ROWS_PER_FILE"


def read_text(path: Path, max_bytes: int = 50_000_000) -> str:
    """The file as text, or an InputFileError that says why not (too large, binary, not UTF-8)."""
    size = path.stat().st_size
    if size > max_bytes:
        raise InputFileError(str(path), f"file is {size:,} bytes, over the {max_bytes:,}-byte limit",
                             hint="split it or raise GAPBOT_MAX_FILE_BYTES")
    data = path.read_bytes()
    check_bytes(path, data)
    return data.decode("utf-8-sig")


def read_json(path: Path, max_bytes: int = 50_000_000) -> Any:
    """A JSON file, bounded in bytes and depth; problems are an InputFileError naming the file (and line)."""
    return yamlload.load_json(read_text(path, max_bytes), str(path))


def read_yaml(path: Path, max_bytes: int = 50_000_000) -> Any:
    """A YAML file, bounded in bytes, aliases refused; problems are an InputFileError naming the file and line."""
    return yamlload.load_yaml(read_text(path, max_bytes), str(path))


def check_rows(path: Path, count: int, max_rows: int, what: str = "rows",
               setting: str = "GAPBOT_MAX_ROWS_PER_FILE") -> None:
    """Refuse a file holding more rows than its limit (`setting`), before they are built."""
    if count > max_rows:
        raise InputFileError(str(path), f"{count:,} {what}, over the {max_rows:,}-row limit",
                             hint=f"split the file or raise {setting}")


def check_bytes(path: Path, data: bytes, partial: bool = False) -> None:
    """Raise an InputFileError if the bytes are not UTF-8 text (binary, archive, UTF-16, other encoding)."""
    for magic, what in _BINARY_MAGIC.items():
        if data.startswith(magic):
            raise InputFileError(str(path), f"this is {what}, not a text file", hint="export it as CSV, YAML, "
                                 "JSON, Markdown, HTML or plain text")
    if b"\x00" in data[:65536]:
        # UTF-16 files are full of NUL bytes; say so rather than "binary".
        if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
            raise InputFileError(str(path), "the file is UTF-16 encoded", hint="save it as UTF-8")
        raise InputFileError(str(path), "binary content (NUL bytes), not a text file")
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if partial and exc.start >= len(data) - 4:
            return  # a multi-byte character cut by the read boundary
        line = data[: exc.start].count(b"\n") + 1
        raise InputFileError(str(path), f"not valid UTF-8 (byte 0x{data[exc.start]:02x})", line=line,
                             hint="save the file as UTF-8") from exc


def read_csv(path: Path, text: str, bad: list[InputFileError] | None = None, max_rows: int = DEFAULT_MAX_ROWS
             ) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """Header and (line number, row) pairs; more than max_rows rows is an error.

    A row with the wrong number of cells is an error naming its line: appended to `bad` (and the row skipped)
    when a list is given, raised otherwise.
    """
    lines = [(i + 1, ln) for i, ln in enumerate(text.splitlines()) if ln.strip() and not ln.lstrip().startswith("#")]
    if not lines:
        raise InputFileError(str(path), "the file is empty")
    check_rows(path, len(lines) - 1, max_rows)
    reader = csv.reader(io.StringIO("\n".join(ln for _, ln in lines)))
    try:
        header = [h.strip() for h in next(reader)]
        out = []
        for idx, cells in enumerate(reader, start=1):
            lineno = lines[idx][0] if idx < len(lines) else lines[-1][0]
            if len(cells) != len(header):
                err = InputFileError(str(path), f"expected {len(header)} cells as in the header, found {len(cells)}",
                                     line=lineno, hint="check for a missing or extra comma, or an unquoted comma")
                if bad is None:
                    raise err
                bad.append(err)
                continue
            out.append((lineno, dict(zip(header, (c.strip() for c in cells), strict=True))))
    except csv.Error as exc:
        raise InputFileError(str(path), f"CSV error: {exc}") from exc
    return header, out


PROGRESS_EVERY = 10_000  # lines between two progress calls of a streaming read (~0.1 s of parsing)


def iter_csv(path: Path, ctx: Context, bad: list[InputFileError]
             ) -> tuple[list[str], Iterator[tuple[int, dict[str, str]]]]:
    """`read_csv` a line at a time: the header, then (line number, row) pairs read from the file as they are
    consumed, so a file of a million rows is never in memory. The same checks: size first, binary and UTF-8 (each
    line decoded on its own, so an error names its line), blank and '#' lines skipped, a row with the wrong number
    of cells appended to `bad` and skipped, more than max_rows rows an error (raised when the row past the limit
    is reached: the caller drops what it kept of the file). The limits are the context's (`max_bytes`,
    `max_rows`, named by `bytes_setting`, `rows_setting`); `ctx.progress(bytes read, size)` every PROGRESS_EVERY
    lines."""
    max_bytes, max_rows, progress = ctx.max_bytes, ctx.max_rows, ctx.progress
    size = path.stat().st_size
    if size > max_bytes:
        raise InputFileError(str(path), f"file is {size:,} bytes, over the {max_bytes:,}-byte limit",
                             hint=f"split it or raise {ctx.bytes_setting}")
    fh = open(path, "rb")  # noqa: SIM115 -- closed by the row generator (or below, when the header fails)
    try:
        check_bytes(path, fh.read(65536), partial=True)
        fh.seek(0)
        line = 0

        def lines() -> Iterator[str]:
            nonlocal line
            for line, raw in enumerate(fh, 1):
                try:
                    text = raw.decode("utf-8-sig" if line == 1 else "utf-8")
                except UnicodeDecodeError as exc:
                    raise InputFileError(str(path), f"not valid UTF-8 (byte 0x{raw[exc.start]:02x})", line=line,
                                         hint="save the file as UTF-8") from exc
                if text.strip() and not text.lstrip().startswith("#"):
                    yield text

        reader = csv.reader(lines())
        first = next(reader, None)
        if first is None:
            raise InputFileError(str(path), "the file is empty")
    except csv.Error as exc:
        fh.close()
        raise InputFileError(str(path), f"CSV error: {exc}") from exc
    except BaseException:
        fh.close()
        raise
    header = [h.strip() for h in first]

    def rows() -> Iterator[tuple[int, dict[str, str]]]:
        count = 0
        with fh:
            try:
                for cells in reader:
                    count += 1
                    if progress is not None and not count % PROGRESS_EVERY:
                        progress(fh.tell(), size)
                    if count > max_rows:
                        raise InputFileError(str(path), f"at least {count:,} rows, over the {max_rows:,}-row limit",
                                             line=line, hint=f"split the file or raise {ctx.rows_setting}")
                    if len(cells) != len(header):
                        bad.append(InputFileError(str(path), f"expected {len(header)} cells as in the header, found "
                                                  f"{len(cells)}", line=line,
                                                  hint="check for a missing or extra comma, or an unquoted comma"))
                        continue
                    yield line, dict(zip(header, map(str.strip, cells), strict=False))  # lengths checked above
            except csv.Error as exc:
                raise InputFileError(str(path), f"CSV error: {exc}", line=line) from exc

    return header, rows()


def parse_score(value: str, path: Path, line: int | None, column: str, lo: float = 0.0,
                hi: float = 100.0) -> float | None:
    """A score cell: blank -> None; otherwise a finite number in [lo, hi] or an error naming the cell."""
    v = value.strip()
    if v in ("", "-", "N/A", "n/a", "NA", "null", "None"):
        return None
    try:
        x = float(v.rstrip("%"))
    except ValueError:
        raise InputFileError(str(path), f"column {column!r}: {v[:40]!r} is not a number", line=line) from None
    if not math.isfinite(x):
        raise InputFileError(str(path), f"column {column!r}: {v!r} is not a finite number", line=line)
    if not lo <= x <= hi:
        raise InputFileError(str(path), f"column {column!r}: {x:g} is outside {lo:g}–{hi:g}", line=line)
    return x


def score_range(benchmark: str) -> tuple[float, float]:
    """The plausible (lowest, highest) score of a board, from its benchmark name."""
    return {"elo": ELO_RANGE, "index": INDEX_RANGE, "percent": PERCENT_RANGE}[scale(benchmark)]


def latest_plausible_date() -> str:
    return (datetime.now(UTC).date() + timedelta(days=FUTURE_GRACE_DAYS)).isoformat()


def check_date(value: str, path: Path, line: int | None, what: str) -> str:
    """An ISO date (or ''), refused when it lies more than FUTURE_GRACE_DAYS ahead: a row or file error."""
    if value and value > latest_plausible_date():
        raise InputFileError(str(path), f"{what} {value} is in the future", line=line,
                             hint=f"dates more than {FUTURE_GRACE_DAYS} days ahead are refused")
    return value


def iso_date(value: object) -> str:
    """'2025-01-25', '20250125', '2025_01_25', a date object -> '2025-01-25'; anything else -> ''."""
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    m = DATE_RE.search(str(value))
    if not m:
        return ""
    y, mo, d = (int(g) for g in m.groups())
    if not (1990 <= y <= 2100 and 1 <= mo <= 12 and 1 <= d <= 31):
        return ""
    return f"{y:04d}-{mo:02d}-{d:02d}"


def resolve_model(ctx: Context, key: str, source_open: bool | None, source_org: str = "",
                  source_display: str = "", source_release: str = "", out: Parsed | None = None
                  ) -> tuple[str, str, str, bool | None, str]:
    """(model id, display name, organization, open_weights, release date) for a source's model key.

    The registry fills what the source lacks; for open/closed see `open_status`.
    """
    info = ctx.registry.lookup(key)
    model_id = info.id if info else key
    open_weights = open_status(info, key, source_open, out)
    org = source_org or (info.organization if info else "")
    display = source_display or (info.name if info else key)
    release = (info.release_date if info else "") or source_release
    return model_id, display, org, open_weights, release


def open_status(info: ModelInfo | None, key: str, source_open: bool | None, out: Parsed | None = None
                ) -> bool | None:
    """Open weights or not: the registry's known status wins over the source's flag, which fills what the registry
    does not know. A disagreement is noted in `out` (one file's CSV marking GPT-5 open must not make it the best
    open model), except for models whose `override:` already records that sources mislabel them."""
    known = info.open_weights if info is not None else None
    if known is None:
        return source_open
    if source_open is not None and source_open != known and out is not None and not info.override:
        note = (f"{key!r} is marked {_status(source_open)} here but {_status(known)} in the registry ({info.id}): "
                "the registry's status is used")
        if note not in out.notes:
            out.notes.append(note)
    return known


def _status(open_weights: bool) -> str:
    return "open" if open_weights else "proprietary"
