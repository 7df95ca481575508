"""Moderators' uploads (the attachment of /refresh): name checks, atomic save, format detection, rollback, and their
provenance (`UploadLedger`: who, when, the file's hash, what it added, whether it is promoted).

Blocking file work: call `save_upload` / `restore` and the ledger in a thread.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
import threading
import unicodedata
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath, PureWindowsPath

from gapbot.atomicfile import write_atomic
from gapbot.errors import GapbotError
from gapbot.uploaded import ledger_path
from ingest.formats import SUFFIXES

ALLOWED_SUFFIXES = SUFFIXES  # what some format reads (ingest/formats: the one table of formats)
MAX_NAME = 100
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


class UploadRejected(GapbotError):
    """The attachment cannot be used; the message says why."""


def sanitize_filename(name: str) -> str:
    """A safe base name: no folders (either slash), no leading dots, only [A-Za-z0-9._-], bounded length.

    '../../etc/passwd.csv' -> 'passwd.csv'; '..\\x\\evil name.md' -> 'evil_name.md'; '.env.csv' -> 'env.csv'.
    """
    name = unicodedata.normalize("NFKC", name or "")
    name = name.replace("\x00", "")
    base = PureWindowsPath(PurePosixPath(name).name).name  # strip both / and \ folders
    base = _UNSAFE.sub("_", base).strip("._-")
    stem, dot, suffix = base.rpartition(".")
    if not dot:
        stem, suffix = base, ""
    stem = stem.strip("._-")[: MAX_NAME - len(suffix) - 1] or "upload"
    return f"{stem}.{suffix.lower()}" if suffix else stem


def check_name(name: str) -> str:
    safe = sanitize_filename(name)
    suffix = Path(safe).suffix.lower()
    if suffix not in ALLOWED_SUFFIXES:
        raise UploadRejected(f"`{safe}`: files of type {suffix or '(none)'!r} are not accepted; use one of "
                             f"{', '.join(ALLOWED_SUFFIXES)}")
    return safe


def check_size(size: int, limit: int) -> None:
    if size > limit:
        raise UploadRejected(f"the file is {size:,} bytes; the limit is {limit:,} bytes")
    if size == 0:
        raise UploadRejected("the file is empty")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(slots=True)
class Saved:
    path: Path
    name: str
    digest: str
    format: str | None  # detected format, None when the file was identical to one already uploaded
    identical_to: str | None = None  # name of an upload (or corpus file) with the same bytes (nothing saved)
    identical_in: str | None = None  # "uploads" or "corpus": where that file is
    previous: bytes | None = None  # what was at `path` before (restored if the ingest rejects the new file)
    replaced: bool = False


def _atomic_write(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".upload-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _same_bytes(root: Path, data: bytes, digest: str) -> Path | None:
    """A file under `root` (dot-files and dot-folders skipped, like discovery) holding exactly `data`."""
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for fname in sorted(files):
            path = Path(folder) / fname
            try:
                if (not fname.startswith(".") and path.is_file() and path.stat().st_size == len(data)
                        and sha256(path.read_bytes()) == digest):
                    return path
            except OSError:
                continue
    return None


def save_upload(uploads_dir: Path, name: str, data: bytes, max_bytes: int, corpus_dir: Path | None = None) -> Saved:
    """Validate and store an attachment as uploads_dir/<safe name>, atomically.

    The format is detected before the file is saved; the same bytes as an existing upload, or as a file of the
    corpus (`corpus_dir`, ingested on every refresh too), are not saved again: a copy would only duplicate records.
    """
    from ingest.discover import detect

    check_size(len(data), max_bytes)
    safe = check_name(name)
    uploads_dir = Path(uploads_dir)
    uploads_dir.mkdir(parents=True, exist_ok=True)
    digest = sha256(data)
    for existing in sorted(uploads_dir.iterdir()):
        if (existing.is_file() and not existing.name.startswith(".") and existing.stat().st_size == len(data)
                and sha256(existing.read_bytes()) == digest):
            return Saved(existing, existing.name, digest, None, identical_to=existing.name, identical_in="uploads")
    if corpus_dir is not None and Path(corpus_dir).is_dir():
        twin = _same_bytes(Path(corpus_dir), data, digest)
        if twin is not None:
            return Saved(twin, twin.name, digest, None, identical_to=twin.relative_to(corpus_dir).as_posix(),
                         identical_in="corpus")
    dest = uploads_dir / safe
    if dest.resolve().parent != uploads_dir.resolve():  # belt and braces: never write outside the folder
        raise UploadRejected(f"`{safe}`: not a valid file name")
    # detect() reads the name as well as the bytes: check a copy with the real name, in a hidden folder
    # (discovery skips dot-folders), so an unreadable file never appears among the uploads.
    check_dir = Path(tempfile.mkdtemp(dir=uploads_dir, prefix=".check-"))
    try:
        probe = check_dir / safe
        probe.write_bytes(data)
        try:
            fmt, why = detect(probe)
        except GapbotError as exc:
            raise UploadRejected(f"`{safe}`: {getattr(exc, 'reason', None) or exc}") from None
        if fmt is None:
            raise UploadRejected(f"`{safe}`: {why}")
    finally:
        shutil.rmtree(check_dir, ignore_errors=True)
    previous = dest.read_bytes() if dest.is_file() else None
    _atomic_write(dest, data)
    return Saved(dest, safe, digest, fmt, previous=previous, replaced=previous is not None)


def restore(saved: Saved) -> None:
    """Undo a save: put back the previous file, or remove the new one."""
    if saved.identical_to:
        return
    if saved.previous is not None:
        _atomic_write(saved.path, saved.previous)
    else:
        saved.path.unlink(missing_ok=True)


# -- provenance: who uploaded what, when, and what it added ------------------------------------------------------------
@dataclass(slots=True)
class UploadRecord:
    """One upload as the ledger keeps it (`data/uploads.json`, beside the promoted flag gapbot.uploaded reads)."""

    name: str
    sha256: str
    size: int
    format: str
    by_id: int
    by_name: str
    guild_id: int | None
    at: str  # ISO time, UTC
    rows: int = 0  # score rows it added
    passages: int = 0  # article passages it added
    boards: list[str] = field(default_factory=list)  # "benchmark · category · snapshot" (text from the file)
    rejected_rows: int = 0
    rejected: list[str] = field(default_factory=list)  # the first REJECTED_KEPT reasons, `file:line: reason`
    promoted: bool = False


REJECTED_KEPT = 10


class UploadLedger:
    """The uploads' provenance, one JSON file written atomically (only the bot writes it). Blocking: call in a
    thread."""

    def __init__(self, data_dir: Path, uploads_dir: Path) -> None:
        self.path = ledger_path(data_dir)
        self.uploads_dir = Path(uploads_dir)
        self._lock = threading.Lock()

    def _read(self) -> dict[str, dict]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            uploads = data.get("uploads", {})
            return uploads if isinstance(uploads, dict) else {}
        except (OSError, ValueError, AttributeError):
            return {}

    def _write(self, uploads: dict[str, dict]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(self.path, json.dumps({"uploads": uploads}, indent=1, sort_keys=True, ensure_ascii=False))

    def get(self, name: str) -> UploadRecord | None:
        rec = self._read().get(name)
        return _record(name, rec) if isinstance(rec, dict) else None

    def put(self, record: UploadRecord) -> None:
        with self._lock:
            uploads = self._read()
            uploads[record.name] = {k: v for k, v in asdict(record).items() if k != "name"}
            self._write(uploads)

    def remove(self, name: str) -> None:
        with self._lock:
            uploads = self._read()
            if uploads.pop(name, None) is not None:
                self._write(uploads)

    def set_promoted(self, name: str, promoted: bool) -> UploadRecord:
        with self._lock:
            uploads = self._read()
            if name not in uploads:
                raise UploadRejected(f"`{name}` is not an upload the bot recorded")
            uploads[name]["promoted"] = promoted
            self._write(uploads)
            return _record(name, uploads[name])

    def listing(self) -> list[tuple[str, UploadRecord | None]]:
        """Every file in the uploads folder, with its record (None: put there without the bot), newest first."""
        records = {n: _record(n, r) for n, r in self._read().items() if isinstance(r, dict)}
        files = sorted(p.name for p in self.uploads_dir.iterdir() if p.is_file() and not p.name.startswith(".")) \
            if self.uploads_dir.is_dir() else []
        return sorted(((n, records.get(n)) for n in files), key=lambda nr: nr[1].at if nr[1] else "", reverse=True)


def _record(name: str, data: dict) -> UploadRecord:
    known = {f for f in UploadRecord.__dataclass_fields__ if f != "name"}
    return UploadRecord(name=name, **{k: v for k, v in data.items() if k in known})


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def file_rows_and_boards(index, path: Path) -> tuple[int, int, list[str]]:
    """What a served file added: (score rows, article passages, its boards), read from the loaded index."""
    fid = Path(path).resolve().as_posix()
    entry = index.manifest.files.get(fid, {})
    added = index.store.file_boards(fid)
    boards = [f"{bench} · {cat} · {snap}" for bench, cat, snap, _n in added]
    passages = max(0, int(entry.get("records", 0)) - int(entry.get("rows", 0))) if entry else 0
    return sum(n for *_, n in added), passages, boards


def rejected_rows_of(row_errors: list[str], path: Path) -> list[str]:
    """The row errors of one file (each starts with the path the parser was given)."""
    forms = {str(path), str(Path(path).resolve())}
    return [e for e in row_errors if any(e.startswith(f + ":") for f in forms)]
