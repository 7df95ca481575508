"""Remote feeds listed in corpus/sources.yaml: fetched with a timeout and a size limit, then ingested as files.

A feed that fails keeps its last good copy, so a flaky source never empties the index.
"""

from __future__ import annotations

import os
import re
import tempfile
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import yaml

from gapbot import yamlload
from gapbot.errors import InputFileError

FORMATS = {"livebench", "aider", "lmarena", "epoch", "gapbot-csv", "article"}
USER_AGENT = "gapbot-ingest/0.1 (+https://github.com/gapbot)"


@dataclass(slots=True)
class Feed:
    url: str
    format: str
    name: str
    extra: dict  # e.g. categories_url for a LiveBench table


def load_feeds(path: Path) -> list[Feed]:
    if not path.exists():
        return []
    try:
        data = yamlload.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputFileError(str(path), f"YAML error: {getattr(exc, 'problem', exc)}",
                             line=mark.line + 1 if mark else None) from exc
    feeds = []
    for i, entry in enumerate(data.get("feeds") or [], start=1):
        if not isinstance(entry, dict) or not entry.get("url"):
            raise InputFileError(str(path), f"feed #{i} needs a 'url'")
        if entry.get("enabled", True) is False:
            continue
        fmt = str(entry.get("format", "")).lower()
        if fmt not in FORMATS:
            raise InputFileError(str(path), f"feed #{i} ({entry['url']}): format {fmt!r} is not one of "
                                 + ", ".join(sorted(FORMATS)))
        scheme = urlparse(entry["url"]).scheme
        if scheme not in ("http", "https"):
            raise InputFileError(str(path), f"feed #{i}: only http(s) URLs can be fetched, not {scheme!r}")
        name = entry.get("name") or Path(urlparse(entry["url"]).path).name or f"feed{i}"
        feeds.append(Feed(entry["url"], fmt, _safe_name(name), {k: v for k, v in entry.items()
                                                               if k not in ("url", "format", "name", "enabled")}))
    return feeds


def _safe_name(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", os.path.basename(str(name))).lstrip(".") or "feed"


def fetch(url: str, dest: Path, timeout: float, max_bytes: int) -> int:
    """Download url to dest atomically; raises InputFileError (naming the URL) on any failure or oversize."""
    req = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            declared = resp.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise InputFileError(url, f"{int(declared):,} bytes is over the {max_bytes:,}-byte feed limit")
            data = resp.read(max_bytes + 1)
    except urllib.error.HTTPError as exc:
        raise InputFileError(url, f"HTTP {exc.code} {exc.reason}") from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise InputFileError(url, f"could not fetch: {getattr(exc, 'reason', exc)}",
                             hint="the previously fetched copy, if any, stays in use") from exc
    if len(data) > max_bytes:
        raise InputFileError(url, f"more than the {max_bytes:,}-byte feed limit")
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=".fetch-")
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.replace(tmp, dest)
    return len(data)


def fetch_all(feeds: list[Feed], folder: Path, timeout: float, max_bytes: int
              ) -> tuple[list[tuple[Path, str]], list[InputFileError]]:
    """Fetch every feed into folder; returns (local files with their URL, errors)."""
    files: list[tuple[Path, str]] = []
    errors: list[InputFileError] = []
    for feed in feeds:
        sub = folder / _safe_name(urlparse(feed.url).netloc or "local")
        wanted = [(feed.url, sub / feed.name)]
        if feed.format == "livebench":
            cats = feed.extra.get("categories_url")
            if not cats or not re.match(r"table_\d{4}_\d{2}_\d{2}\.csv$", feed.name):
                errors.append(InputFileError(feed.url, "a LiveBench feed needs name table_YYYY_MM_DD.csv and a "
                                             "categories_url"))
                continue
            wanted.append((cats, sub / feed.name.replace("table_", "categories_").replace(".csv", ".json")))
        for url, dest in wanted:
            try:
                fetch(url, dest, timeout, max_bytes)
            except InputFileError as exc:
                errors.append(exc)
        if (sub / feed.name).exists():  # the fresh copy, or the last good one
            files.append((sub / feed.name, feed.url))
    return files, errors
