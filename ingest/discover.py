"""Find the files to ingest and detect each one's format from its name and content."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from gapbot.errors import InputFileError
from ingest.formats import articles, epoch, gapbot_csv, livebench, lmarena

SKIP_NAMES = {"registry.yaml", "registry.yml", "sources.yaml", "sources.yml"}
SKIP_PREFIXES = ("readme", "license", "licence", "changelog", ".")


@dataclass(slots=True)
class Item:
    path: Path
    file_id: str
    format: str
    deps: list[Path] = field(default_factory=list)
    origin: str = ""  # the feed URL a fetched file came from


@dataclass(slots=True)
class Discovery:
    items: list[Item] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, why)
    errors: list[InputFileError] = field(default_factory=list)
    roots: list[str] = field(default_factory=list)  # file ids or folder prefixes this run is responsible for


def file_id(path: Path) -> str:
    return path.resolve().as_posix()


TEXT_SUFFIXES = {".csv", ".yml", ".yaml", ".json", ".md", ".markdown", ".txt", ".html", ".htm"}


def _head(path: Path, n: int = 4096) -> str:
    """The start of a text file; binary or non-UTF-8 content raises the same error a full read would."""
    with path.open("rb") as fh:
        data = fh.read(n)
    _check(path, data)
    return data.decode("utf-8", "replace")


def _check(path: Path, data: bytes) -> None:
    from ingest.formats.base import check_bytes

    check_bytes(path, data, partial=True)


def detect(path: Path) -> tuple[str | None, str]:
    """(format, reason). format None means 'not ingestible' and reason says why."""
    _name, suffix = path.name.lower(), path.suffix.lower()
    if livebench.is_table(path):
        return "livebench", ""
    if livebench.is_support(path) or lmarena.is_support(path):
        return None, "used by the leaderboard files beside it"
    if lmarena.is_table(path):
        return "lmarena-table", ""
    if lmarena.is_json(path):
        return "lmarena-json", ""
    if suffix in articles.SUFFIXES:
        return "article", ""
    if suffix == ".csv":
        first = next((ln for ln in _head(path).splitlines() if ln.strip() and not ln.startswith("#")), "")
        header = [h.strip() for h in first.split(",")]
        if gapbot_csv.looks_like(header):
            return "gapbot-csv", ""
        if epoch.kind_of(header):
            return "epoch", ""
        return None, "CSV columns not recognised (expected the gapbot snapshot schema or a known leaderboard)"
    if suffix in (".yml", ".yaml"):
        if "pass_rate_" in _head(path, 16384):
            return "aider", ""
        return None, "YAML content not recognised (expected an Aider leaderboard)"
    return None, f"unknown file type {suffix or '(none)'!r}"


def _skip_on_walk(path: Path) -> bool:
    n = path.name.lower()
    return n in SKIP_NAMES or n.startswith(SKIP_PREFIXES) or any(p.startswith(".") for p in path.parts[-3:-1])


def discover(paths: list[Path]) -> Discovery:
    out = Discovery()
    for root in paths:
        root = Path(root)
        if not root.exists():
            out.errors.append(InputFileError(str(root), "no such file or folder"))
            continue
        if root.is_dir():
            out.roots.append(file_id(root) + "/")
            for p in sorted(x for x in root.rglob("*") if x.is_file()):
                if _skip_on_walk(p.relative_to(root)):
                    continue
                try:
                    fmt, why = detect(p)
                except InputFileError as exc:
                    if p.suffix.lower() in TEXT_SUFFIXES:
                        out.errors.append(exc)  # a data file that is not text: say so, don't skip silently
                    else:
                        out.skipped.append((str(p), exc.reason))
                    continue
                if fmt is None:
                    out.skipped.append((str(p), why))
                else:
                    out.items.append(_item(p, fmt))
        else:
            out.roots.append(file_id(root))
            try:
                fmt, why = detect(root)
            except InputFileError as exc:
                out.errors.append(exc)
                continue
            if fmt is None:
                out.errors.append(InputFileError(str(root), why, hint="see the README for the formats gapbot reads"))
            else:
                out.items.append(_item(root, fmt))
    return out


def _item(path: Path, fmt: str) -> Item:
    deps: list[Path] = []
    if fmt == "livebench":
        deps = livebench.dependencies(path)
    elif fmt == "lmarena-json":
        deps = lmarena.dependencies(path)
    return Item(path=path, file_id=file_id(path), format=fmt, deps=deps)


def content_version(item: Item, salt: str) -> str:
    """A hash of everything a file's records depend on: its bytes, its companion files, the registry, the model."""
    h = hashlib.sha256(salt.encode())
    for p in [item.path, *item.deps]:
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:16]
