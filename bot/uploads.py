"""Moderators' uploads (the attachment of /refresh): name checks, atomic save, format detection, rollback, and their
provenance (`UploadLedger`: who, when, the file's hash, what it added, whether it is promoted).

Blocking file work: call `save_upload` / `restore` and the ledger in a thread.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import shutil
import tempfile
import threading
import unicodedata
import zlib
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath, PureWindowsPath

from gapbot.atomicfile import write_atomic
from gapbot.errors import GapbotError
from gapbot.uploaded import ledger_path
from ingest.formats import SUFFIXES

ALLOWED_SUFFIXES = SUFFIXES  # what some format reads (ingest/formats: the one table of formats)
# A gzip-compressed file (`big.csv.gz`) is unpacked as it is saved: Discord lets a member attach 10 MiB in a server
# without boosts (discord.py 2.7's Guild.filesize_limit; 50/100 MiB at boost level 2/3), and a million-row snapshot
# CSV is ~107 MB as text but ~10 MB gzipped (bench/bigcsv.py's file).
PACKED = ".gz"
MAX_NAME = 100
CHUNK = 1 << 20  # bytes unpacked, hashed or compared at a time: never a whole big file in memory
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


def upload_name(name: str) -> tuple[str, bool]:
    """(the safe name the file is saved under, whether it comes gzip-compressed): 'big.csv.gz' -> ('big.csv',
    True). Refuses a type no format reads, inside a .gz too."""
    safe = sanitize_filename(name)
    packed = safe.lower().endswith(PACKED) and len(safe) > len(PACKED)
    inner = safe[:-len(PACKED)] if packed else safe
    suffix = Path(inner).suffix.lower()
    if suffix not in ALLOWED_SUFFIXES:
        raise UploadRejected(f"`{safe}`: files of type {suffix or '(none)'!r} are not accepted; use one of "
                             f"{', '.join(ALLOWED_SUFFIXES)} (or one of them gzip-compressed, e.g. .csv.gz)")
    return inner, packed


def check_name(name: str) -> str:
    return upload_name(name)[0]


def check_size(size: int, limit: int, name: str = "the file") -> None:
    """An attachment's size against GAPBOT_MAX_ATTACHMENT_BYTES: the refusal says what to do instead."""
    if size > limit:
        raise UploadRejected(
            f"{name} is {size:,} bytes; the limit is {limit:,} bytes for an attachment (GAPBOT_MAX_ATTACHMENT_BYTES). "
            "Compress a big CSV with gzip and attach the .csv.gz (about a tenth of the size: a million rows are "
            "~10 MB), or have the bot's operator put the file in the corpus folder and run `gapbot ingest`.")
    if size == 0:
        raise UploadRejected("the file is empty")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            h.update(chunk)
    return h.hexdigest()


def _unpack(data: bytes, dest: Path, limit: int, name: str) -> None:
    """A gzip attachment unpacked into `dest` a chunk at a time, refused once it passes `limit` bytes (a small
    file can unpack to gigabytes) or when it is not gzip data."""
    written = 0
    try:
        with gzip.GzipFile(fileobj=_Bytes(data)) as src, open(dest, "wb") as out:
            while chunk := src.read(CHUNK):
                written += len(chunk)
                if written > limit:
                    raise UploadRejected(f"`{name}` unpacks to more than {limit:,} bytes, the limit for one file "
                                         "(GAPBOT_MAX_SNAPSHOT_BYTES): split it")
                out.write(chunk)
    except (OSError, EOFError, zlib.error) as exc:
        raise UploadRejected(f"`{name}` is not a readable gzip file ({exc})") from None
    if not written:
        raise UploadRejected(f"`{name}` unpacks to an empty file")


class _Bytes:
    """A read-only file over bytes without copying them (io.BytesIO copies on the first read)."""

    def __init__(self, data: bytes) -> None:
        self.view, self.pos = memoryview(data), 0

    def read(self, n: int = -1) -> bytes:
        end = len(self.view) if n is None or n < 0 else min(len(self.view), self.pos + n)
        out, self.pos = bytes(self.view[self.pos:end]), end
        return out


@dataclass(slots=True)
class Saved:
    path: Path
    name: str
    digest: str
    format: str | None  # detected format, None when the file was identical to one already uploaded
    identical_to: str | None = None  # name of an upload (or corpus file) with the same bytes (nothing saved)
    identical_in: str | None = None  # "uploads" or "corpus": where that file is
    # What was at `path` before, kept aside (a hidden hard link, no copy) until the ingest accepts the new file:
    # `restore` puts it back, `keep` lets it go.
    previous: Path | None = None
    replaced: bool = False
    packed_bytes: int = 0  # the attachment's size when it came gzip-compressed (0: it came as it is saved)
    size: int = 0  # the saved file's bytes


def _same_file(root: Path, size: int, digest: str) -> Path | None:
    """A file under `root` (dot-files and dot-folders skipped, like discovery) with exactly these bytes: same size,
    then the same sha256, read a chunk at a time."""
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for fname in sorted(files):
            path = Path(folder) / fname
            try:
                if (not fname.startswith(".") and path.is_file() and path.stat().st_size == size
                        and file_sha256(path) == digest):
                    return path
            except OSError:
                continue
    return None


def save_upload(uploads_dir: Path, name: str, data: bytes, max_bytes: int, corpus_dir: Path | None = None,
                max_unpacked: int = 250_000_000) -> Saved:
    """Validate and store an attachment as uploads_dir/<safe name>, atomically; a `.gz` one unpacked (at most
    `max_unpacked` bytes), never whole in memory.

    The format is detected before the file is saved; the same bytes as an existing upload, or as a file of the
    corpus (`corpus_dir`, ingested on every refresh too), are not saved again: a copy would only duplicate records.
    """
    from ingest.discover import detect

    check_size(len(data), max_bytes, f"`{sanitize_filename(name)}`")
    safe, packed = upload_name(name)
    uploads_dir = Path(uploads_dir)
    uploads_dir.mkdir(parents=True, exist_ok=True)
    dest = uploads_dir / safe
    if dest.resolve().parent != uploads_dir.resolve():  # belt and braces: never write outside the folder
        raise UploadRejected(f"`{safe}`: not a valid file name")
    # The file is written (unpacked) under its real name in a hidden folder (discovery skips dot-folders) and
    # checked there: detect() reads the name as well as the bytes, and an unreadable file never appears among
    # the uploads. Only then is it moved into place.
    check_dir = Path(tempfile.mkdtemp(dir=uploads_dir, prefix=".check-"))
    try:
        probe = check_dir / safe
        if packed:
            _unpack(data, probe, max_unpacked, sanitize_filename(name))
        else:
            probe.write_bytes(data)
        size, digest = probe.stat().st_size, file_sha256(probe)
        twin = _same_file(uploads_dir, size, digest)
        if twin is not None:
            return Saved(twin, twin.name, digest, None, identical_to=twin.name, identical_in="uploads")
        if corpus_dir is not None and Path(corpus_dir).is_dir():
            twin = _same_file(Path(corpus_dir), size, digest)
            if twin is not None:
                return Saved(twin, twin.name, digest, None, identical_to=twin.relative_to(corpus_dir).as_posix(),
                             identical_in="corpus")
        try:
            fmt, why = detect(probe)
        except GapbotError as exc:
            raise UploadRejected(f"`{safe}`: {getattr(exc, 'reason', None) or exc}") from None
        if fmt is None:
            raise UploadRejected(f"`{safe}`: {why}")
        with open(probe, "rb") as fh:
            os.fsync(fh.fileno())
        previous = _set_aside(dest)
        os.replace(probe, dest)
    finally:
        shutil.rmtree(check_dir, ignore_errors=True)
    return Saved(dest, safe, digest, fmt, previous=previous, replaced=previous is not None,
                 packed_bytes=len(data) if packed else 0, size=size)


def _set_aside(dest: Path) -> Path | None:
    """The file now at `dest`, kept under a hidden name (a hard link where the file system allows: no copy)."""
    if not dest.is_file():
        return None
    aside = dest.with_name(f".previous-{dest.name}")
    aside.unlink(missing_ok=True)
    try:
        os.link(dest, aside)
    except OSError:
        shutil.copy2(dest, aside)
    return aside


def restore(saved: Saved) -> None:
    """Undo a save: put back the previous file, or remove the new one."""
    if saved.identical_to:
        return
    if saved.previous is not None:
        os.replace(saved.previous, saved.path)
        saved.previous = None
    else:
        saved.path.unlink(missing_ok=True)


def keep(saved: Saved) -> None:
    """The new file was accepted: let the previous one go."""
    if saved.previous is not None:
        saved.previous.unlink(missing_ok=True)
        saved.previous = None


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
