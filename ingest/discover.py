"""Find the files to ingest and detect each one's format from its name and content."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from gapbot.errors import InputFileError
from ingest import formats

SKIP_NAMES = {"registry.yaml", "registry.yml", "sources.yaml", "sources.yml"}
# Documentation beside the data (a folder's README, its licence, a changelog): recognised, counted, never ingested
# and never listed one by one as "not recognised".
DOC_PREFIXES = ("readme", "license", "licence", "changelog", "copying", "notice", "authors", "contributing",
                "citation", "code_of_conduct")


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
    docs: list[str] = field(default_factory=list)  # documentation files in the folders, skipped quietly


def file_id(path: Path) -> str:
    return path.resolve().as_posix()


TEXT_SUFFIXES = set(formats.SUFFIXES)  # a file with one of these that is not text is an error, not a skip


def detect(path: Path) -> tuple[str | None, str]:
    """(format, reason). format None means 'not ingestible' and reason says why (see ingest.formats.FORMATS)."""
    return formats.detect(path)


def is_doc(path: Path) -> bool:
    return path.name.lower().startswith(DOC_PREFIXES)


def _skip_on_walk(path: Path) -> bool:
    n = path.name.lower()
    return n in SKIP_NAMES or n.startswith(".") or any(p.startswith(".") for p in path.parts[-3:-1])


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
                if is_doc(p):
                    out.docs.append(str(p))
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
    return Item(path=path, file_id=file_id(path), format=fmt, deps=formats.dependencies(path, fmt))


def content_version(item: Item, salt: str) -> str:
    """A hash of everything a file's records depend on: where it is, its bytes, its companion files, the registry,
    the model."""
    h = hashlib.sha256(salt.encode())
    # Its id too: two files with the same name and bytes in two folders must not share records (deleting one
    # version would take the other's away, or leave the removed one's served).
    h.update(item.file_id.encode())
    for p in [item.path, *item.deps]:
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:16]
