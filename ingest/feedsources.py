"""The publishers' feeds that corpus/sources.yaml lists, one entry per board, and one refresh of them.

An entry names where the publisher keeps its files (`base`) and which files (`files`, paths under it, as in the
publisher's own repository or site). A publisher that adds a file per release (LiveBench) is read from its own
list of releases (`index`): a new release is found there, not by a new line here. Every download is conditional
(ETag / Last-Modified from the last one), so an unchanged feed costs one round trip per file.

A feed that fails keeps its last good copy and is reported with the URL and the reason; nothing here is fatal.
What each feed last did (success, error, sizes, validators) is kept in data/feeds/state.json for `gapbot feeds`.
"""

from __future__ import annotations

import fnmatch
import json
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from urllib.parse import urljoin, urlsplit

from gapbot import yamlload
from gapbot.atomicfile import write_atomic
from gapbot.errors import InputFileError
from ingest import feeds as net
from ingest.formats import FAMILIES, FORMATS, livebench

STATE_FILE = "state.json"
DEFAULT_LATEST = 2  # releases of an indexed feed fetched each time: the newest and the one before
# How each format's release index is read: its text -> release dates (ISO), oldest first. Raises InputFileError.
INDEX_READERS: dict[str, Callable[[str, str], list[str]]] = {"livebench": livebench.releases_from_index}
_SAFE_PART = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9._-]*$")  # never "..", never hidden


@dataclass(frozen=True, slots=True)
class FeedFile:
    path: str  # under the feed's base ({release} = a release date as files name it, 2026_06_25); or a full URL
    optional: bool = False  # a 404 is no error (LiveBench's cost file exists for newer releases only)
    save_as: str = ""  # the local name; {fetched} = the day this content was first fetched (files without a date)
    extract: tuple[str, ...] = ()  # an archive: the members (glob patterns) to keep, each checked as a file


@dataclass(frozen=True, slots=True)
class FeedSpec:
    name: str
    format: str
    base: str
    files: tuple[FeedFile, ...]
    index: str = ""  # a file listing the publisher's releases (LiveBench: src/lib/constants.js)
    latest: int = DEFAULT_LATEST
    publisher: str = ""
    licence: str = ""


@dataclass
class FeedRun:
    """One refresh of the feeds: the local files to ingest (with their URLs), what failed, and per feed a line."""

    files: list[tuple[Path, str]] = field(default_factory=list)
    errors: list[InputFileError] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)  # URLs whose content changed
    unchanged: int = 0  # files the publisher said (or showed) were unchanged
    failed: dict[str, str] = field(default_factory=dict)  # feed name -> its first error


# -- sources.yaml ------------------------------------------------------------------------------------------------
def load(path: Path) -> list[FeedSpec]:
    """The enabled feeds of sources.yaml; a malformed entry is an InputFileError naming it."""
    if not path.exists():
        return []
    data = yamlload.load_yaml(path.read_text(encoding="utf-8"), str(path)) or {}
    if not isinstance(data, dict):
        raise InputFileError(str(path), "expected a top-level 'feeds:' list")
    specs: list[FeedSpec] = []
    for i, entry in enumerate(data.get("feeds") or [], start=1):
        if not isinstance(entry, dict):
            raise InputFileError(str(path), f"feed #{i} is not a mapping")
        if entry.get("enabled", True) is False:
            continue
        spec = _spec(entry, i, path)
        if spec.name in {s.name for s in specs}:
            raise InputFileError(str(path), f"feed #{i}: a second feed named {spec.name!r}")
        specs.append(spec)
    return specs


def _spec(entry: dict, i: int, path: Path) -> FeedSpec:
    where = f"feed #{i}" + (f" ({entry.get('name')})" if entry.get("name") else "")
    fmt = str(entry.get("format", "")).lower()
    if fmt not in FAMILIES:
        raise InputFileError(str(path), f"{where}: format {fmt!r} is not one of " + ", ".join(sorted(FAMILIES)))
    if entry.get("url"):  # one file, by its full URL (and a LiveBench table's categories_url)
        return _single_url_spec(entry, fmt, where, path)
    base = str(entry.get("base") or "")
    if not base or urlsplit(base).scheme not in ("http", "https"):
        raise InputFileError(str(path), f"{where}: needs a 'base' http(s) URL (or a 'url')")
    files = tuple(_file(f, where, path) for f in entry.get("files") or [])
    if not files:
        raise InputFileError(str(path), f"{where}: needs 'files'")
    index = str(entry.get("index") or "")
    if index and fmt not in INDEX_READERS:
        raise InputFileError(str(path), f"{where}: gapbot reads release indexes of {', '.join(INDEX_READERS)} only")
    if any("{release}" in f.path for f in files) and not index:
        raise InputFileError(str(path), f"{where}: files with {{release}} need an 'index' listing the releases")
    latest = entry.get("latest", DEFAULT_LATEST)
    if not isinstance(latest, int) or latest < 1:
        raise InputFileError(str(path), f"{where}: 'latest' must be a whole number of releases, at least 1")
    name = str(entry.get("name") or fmt)
    if not _SAFE_PART.match(name):
        raise InputFileError(str(path), f"{where}: a name of letters, digits, '.', '_' and '-' only")
    return FeedSpec(name, fmt, base if base.endswith("/") else base + "/", files, index, latest,
                    str(entry.get("publisher") or ""), str(entry.get("licence") or entry.get("license") or ""))


def _file(item: object, where: str, path: Path) -> FeedFile:
    if isinstance(item, str):
        item = {"path": item}
    if not isinstance(item, dict) or not item.get("path"):
        raise InputFileError(str(path), f"{where}: each of 'files' is a path, or a mapping with a 'path'")
    extract = item.get("extract") or ()
    return FeedFile(str(item["path"]), bool(item.get("optional", False)), str(item.get("save_as") or ""),
                    tuple(str(x) for x in ([extract] if isinstance(extract, str) else extract)))


def _single_url_spec(entry: dict, fmt: str, where: str, path: Path) -> FeedSpec:
    url = str(entry["url"])
    if urlsplit(url).scheme not in ("http", "https"):
        raise InputFileError(str(path), f"{where}: only http(s) URLs can be fetched, not {urlsplit(url).scheme!r}")
    local = net.safe_name(str(entry.get("name") or PurePosixPath(urlsplit(url).path).name or "feed"))
    files = [FeedFile(url, save_as=local)]
    if fmt == "livebench":
        cats = entry.get("categories_url")
        if not cats or not livebench.TABLE_RE.match(local):
            raise InputFileError(str(path), f"{where}: a LiveBench feed needs name table_YYYY_MM_DD.csv and a "
                                 "categories_url")
        files.append(FeedFile(str(cats), save_as=local.replace("table_", "categories_").replace(".csv", ".json")))
    return FeedSpec(local, fmt, "", tuple(files))


def parse_base_overrides(everything: str, per_feed: str) -> dict[str, str]:
    """GAPBOT_FEED_BASE_URL (every feed under <url>/<feed name>/: a mirror) and GAPBOT_FEED_BASE_URLS
    ("livebench=http://…,aider=http://…", one feed each) -> {feed name or "*": base}."""
    out = {"*": everything.rstrip("/") + "/"} if everything.strip() else {}
    for part in per_feed.split(","):
        name, sep, url = part.partition("=")
        if sep and name.strip() and url.strip():
            out[name.strip()] = url.strip() if url.strip().endswith("/") else url.strip() + "/"
    return out


def base_of(spec: FeedSpec, overrides: dict[str, str]) -> str:
    if spec.name in overrides:
        return overrides[spec.name]
    if "*" in overrides and spec.base:
        return f"{overrides['*']}{spec.name}/"
    return spec.base


# -- state -------------------------------------------------------------------------------------------------------
class FeedState:
    """Per URL: the validators and local copy of the last good download; per feed: its last success and error."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / STATE_FILE
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = {}
        self.urls: dict[str, dict] = data.get("urls", {}) if isinstance(data, dict) else {}
        self.feeds: dict[str, dict] = data.get("feeds", {}) if isinstance(data, dict) else {}

    def save(self) -> None:
        write_atomic(self.path, json.dumps({"urls": self.urls, "feeds": self.feeds}, indent=1, sort_keys=True))


def read_state(folder: Path) -> FeedState:
    return FeedState(folder)


def today() -> str:
    """The day a content is first fetched (UTC), for files whose name carries no date."""
    return datetime.now(UTC).date().isoformat()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


# -- one refresh -------------------------------------------------------------------------------------------------
@dataclass
class _Ctx:
    folder: Path
    timeout: float
    max_bytes: int
    allow_private: bool
    state: FeedState
    run: FeedRun
    down: set[str] = field(default_factory=set)  # feeds whose host did not answer: their other files are not tried


def refresh(specs: list[FeedSpec], folder: Path, timeout: float, max_bytes: int, *, allow_private: bool = False,
            overrides: dict[str, str] | None = None) -> FeedRun:
    """Fetch every feed into folder/<feed name>/ (the publisher's paths kept); `timeout` is per download."""
    ctx = _Ctx(folder, timeout, max_bytes, allow_private, FeedState(folder), FeedRun())
    for spec in specs:
        before = len(ctx.run.errors)
        status = ctx.state.feeds.setdefault(spec.name, {})
        status.update(format=spec.format, publisher=spec.publisher, licence=spec.licence, checked=_now())
        status.pop("note", None)  # written by earlier versions for feeds fetched but not yet ingested
        _refresh_one(spec, base_of(spec, overrides or {}), ctx, status)
        ctx.run.files = list(dict.fromkeys(ctx.run.files))  # a copy collected twice is ingested once
        new_errors = ctx.run.errors[before:]
        if new_errors:
            ctx.run.failed[spec.name] = str(new_errors[0])
            status.update(last_error=str(new_errors[0]), last_error_at=_now())
        else:
            status.update(last_success=_now(), last_error="")
    folder.mkdir(parents=True, exist_ok=True)
    ctx.state.save()
    return ctx.run


def _refresh_one(spec: FeedSpec, base: str, ctx: _Ctx, status: dict) -> None:
    releases = _releases(spec, base, ctx, status) if spec.index else []
    local_root = ctx.folder / spec.name if spec.base else ctx.folder / _netloc(spec.files[0].path)
    fetched: list[dict] = []
    # Releases fetched before that have left the `latest` window: their copies stay served (not fetched again)
    older = sorted(set(status.get("kept", [])) - set(releases))
    status["kept"] = sorted(set(older) | set(releases))
    for f in spec.files:
        for r in older if "{release}" in f.path else []:
            local = _local(local_root, f.path.replace("{release}", r.replace("-", "_")), f.save_as)
            if local.exists():
                _collect(local, urljoin(base, f.path.replace("{release}", r.replace("-", "_"))), f, ctx)
        paths = [f.path.replace("{release}", r.replace("-", "_")) for r in releases] if "{release}" in f.path \
            else [f.path]
        for rel in paths:
            url = rel if urlsplit(rel).scheme else urljoin(base, rel)
            if not urlsplit(url).scheme:
                ctx.run.errors.append(InputFileError(rel, f"feed {spec.name}: no base URL to fetch it from"))
                continue
            try:
                dest = _local(local_root, rel, f.save_as)
            except InputFileError as exc:
                ctx.run.errors.append(exc)
                continue
            _fetch_file(spec, f, url, dest, ctx, fetched)
            if "{fetched}" in dest.name:  # the earlier contents, each under the day it was first fetched
                for earlier in sorted(dest.parent.glob(dest.name.replace("{fetched}", "*"))):
                    _collect(earlier, url, f, ctx)
    status["files"] = fetched
    status["size"] = sum(x.get("size", 0) for x in fetched)


def _netloc(url: str) -> str:
    return net.safe_name(urlsplit(url).netloc or "local")


def _local(root: Path, rel: str, save_as: str) -> Path:
    """Where a publisher's path is kept: the same relative path under the feed's folder, each part checked (a
    path is ours to write, never `..` or an absolute path)."""
    parts = [p for p in PurePosixPath(urlsplit(rel).path if urlsplit(rel).scheme else rel).parts if p not in ("/",)]
    if urlsplit(rel).scheme:
        parts = parts[-1:]
    if save_as:
        parts = [*parts[:-1], save_as]
    if not parts or not all(_SAFE_PART.match(p) or "{fetched}" in p for p in parts):
        raise InputFileError(rel, "a feed path of plain names only (letters, digits, '.', '_', '-')")
    return root.joinpath(*parts)


def _releases(spec: FeedSpec, base: str, ctx: _Ctx, status: dict) -> list[str]:
    """The newest `latest` releases the publisher lists. A listing that no longer reads (the publisher changed
    its layout) fails loudly, and the releases of the last good listing are used meanwhile."""
    url = urljoin(base, spec.index)
    dest = _local(ctx.folder / spec.name, spec.index, "")
    reader = INDEX_READERS[spec.format]

    def check(path: Path, data: bytes) -> None:
        try:
            reader(data.decode("utf-8", "replace"), url)
        except InputFileError as exc:
            raise net.FetchRefused(f"the release list no longer reads: {exc.reason}") from exc

    fetched: list[dict] = []
    _fetch_file(spec, FeedFile(spec.index), url, dest, ctx, fetched, check=check, ingest=False)
    if not dest.exists():
        return list(status.get("releases", []))
    try:
        releases = reader(dest.read_text(encoding="utf-8", errors="replace"), url)
    except InputFileError as exc:  # a last good copy written by an older gapbot
        ctx.run.errors.append(exc)
        return list(status.get("releases", []))
    status["releases"] = releases[-spec.latest:]
    return status["releases"]


def _fetch_file(spec: FeedSpec, f: FeedFile, url: str, dest: Path, ctx: _Ctx, fetched: list[dict], *,
                check: Callable[[Path, bytes], None] | None = None, ingest: bool = True) -> None:
    known = ctx.state.urls.get(url, {})
    have = ctx.folder / known["local"] if known.get("local") else None  # kept relative: the data folder may move
    if "{fetched}" in dest.name:
        dest = dest.with_name(dest.name.replace("{fetched}", today()))
    if have is None and dest.exists():
        have = dest  # a copy from before the state file (or with it lost): still the last good one
    if have is not None and not have.exists():
        have = None
    archive = dest.suffix.lower() == ".zip"
    if spec.name in ctx.down:  # one timeout per feed, not one per file: its host is already known not to answer
        _keep(have, url, f, ctx, fetched, known, ingest)
        return
    try:
        res = net.fetch_conditional(url, dest, ctx.timeout, ctx.max_bytes, allow_private=ctx.allow_private,
                                    check_format=ingest and not archive and not _companion(dest)
                                    and check is None,
                                    etag=known.get("etag", ""), last_modified=known.get("last_modified", ""),
                                    check=check, text=not archive, have=have)
    except InputFileError as exc:
        if not (f.optional and "HTTP 404" in exc.reason):
            ctx.run.errors.append(exc)
        if exc.reason.startswith(_UNREACHABLE):
            ctx.down.add(spec.name)
        _keep(have, url, f, ctx, fetched, known, ingest)
        return
    local = dest if res.changed or have is None else have
    ctx.state.urls[url] = {"etag": res.etag, "last_modified": res.last_modified,
                           "local": local.relative_to(ctx.folder).as_posix(),
                           "size": res.size, "checked": _now()}
    if res.changed:
        ctx.run.changed.append(url)
    else:
        ctx.run.unchanged += 1
    fetched.append({"url": url, "size": res.size, "etag": res.etag, "last_modified": res.last_modified,
                    "changed": res.changed})
    _collect(local, url, f, ctx, ingest)


_UNREACHABLE = ("could not fetch", "could not resolve", "refused:")  # the host, not the file


def _keep(have: Path | None, url: str, f: FeedFile, ctx: _Ctx, fetched: list[dict], known: dict,
          ingest: bool) -> None:
    """A download that failed (or was not tried): the last good copy, if any, goes on being ingested."""
    if have is not None:
        fetched.append({"url": url, "size": have.stat().st_size, "etag": known.get("etag", ""), "kept": True})
        _collect(have, url, f, ctx, ingest)


def _collect(local: Path, url: str, f: FeedFile, ctx: _Ctx, ingest: bool = True) -> None:
    """Hand a local copy to the ingest: itself, or the members an archive entry names."""
    if not ingest:
        return
    if f.extract:
        try:
            for member in _extract(local, f.extract, ctx.max_bytes, url):
                if not _companion(member):
                    ctx.run.files.append((member, url))
        except InputFileError as exc:
            ctx.run.errors.append(exc)
        return
    if not _companion(local):  # a companion (categories, cost, model table) is read with its table
        ctx.run.files.append((local, url))


def _companion(path: Path) -> bool:
    return any(fmt.companion(path) for fmt in FORMATS)


def _extract(archive: Path, patterns: tuple[str, ...], max_bytes: int, url: str) -> list[Path]:
    """The members of a zip matching any of `patterns`, each written beside it (under its own base name) once it
    checks as a text file of a known format. Nothing matching is a layout change: said, with the URL."""
    out: list[Path] = []
    folder = archive.with_suffix("")
    try:
        with zipfile.ZipFile(archive) as zf:
            hits = [i for i in zf.infolist() if not i.is_dir() and any(fnmatch.fnmatch(i.filename, p)
                                                                        for p in patterns)]
            if not hits:
                raise InputFileError(url, f"no member matching {', '.join(patterns)} in the archive (has the "
                                     "publisher changed its layout?)", hint=net.KEEP_HINT)
            for info in hits:
                if info.file_size > max_bytes:  # the declared size: refused before a byte is inflated
                    raise InputFileError(url, f"{info.filename}: {info.file_size:,} bytes unpacked, over the "
                                         f"{max_bytes:,}-byte feed limit", hint=net.KEEP_HINT)
                with zf.open(info) as fh:
                    data = fh.read(max_bytes + 1)
                if len(data) > max_bytes:
                    raise InputFileError(url, f"{info.filename}: over the {max_bytes:,}-byte feed limit")
                dest = folder / net.safe_name(PurePosixPath(info.filename).name)
                try:
                    net.install_checked(data, dest, check_format=not _companion(dest))
                except net.FetchRefused as exc:
                    raise InputFileError(url, f"{info.filename}: {exc}", hint=net.KEEP_HINT) from exc
                out.append(dest)
    except (zipfile.BadZipFile, OSError) as exc:
        raise InputFileError(url, f"not a readable zip archive: {exc}", hint=net.KEEP_HINT) from exc
    return out


def status_lines(folder: Path, specs: list[FeedSpec]) -> list[dict]:
    """What `gapbot feeds` shows: each configured feed with its last success, last error, size and validators."""
    state = FeedState(folder)
    out = []
    for spec in specs:
        s = state.feeds.get(spec.name, {})
        etags = [x.get("etag") or x.get("last_modified") or "" for x in s.get("files", [])]
        out.append({"name": spec.name, "format": spec.format, "publisher": spec.publisher, "licence": spec.licence,
                    "last_success": s.get("last_success", ""), "last_error": s.get("last_error", ""),
                    "last_error_at": s.get("last_error_at", ""), "size": s.get("size", 0),
                    "files": len(s.get("files", [])), "releases": s.get("releases", []),
                    "etag": ", ".join(e for e in etags if e)[:200]})
    return out
