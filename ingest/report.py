"""The ingest summary: one serializer (JSON for `--json` and the refresh process's pipe) and one set of words (the
terminal's text and the bot's embed are both packed from `summarize`)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ingest.pipeline import IngestReport


def report_dict(r: IngestReport) -> dict[str, Any]:
    d = dataclasses.asdict(r)
    d["rejected"] = [{"file": f, "reason": why} for f, why in r.rejected]
    d["skipped"] = [{"file": f, "reason": why} for f, why in r.skipped]
    return d


def report_from_dict(d: dict[str, Any]) -> IngestReport:
    names = {f.name for f in dataclasses.fields(IngestReport)}
    r = IngestReport(**{k: v for k, v in d.items() if k in names})
    r.rejected = [(x["file"], x["reason"]) for x in d.get("rejected", [])]
    r.skipped = [(x["file"], x["reason"]) for x in d.get("skipped", [])]
    return r


@dataclass(frozen=True, slots=True)
class Summary:
    title: str
    lines: tuple[str, ...]
    sections: tuple[tuple[str, tuple[str, ...]], ...]  # (heading, items); file paths already shortened


def summarize(r: IngestReport, roots: Iterable[Path] = (), limit: int = 12) -> Summary:
    """What a person needs to know of a run. Paths are shown relative to `roots` (the corpus, uploads and data
    folders; the current folder for a terminal), never as the server's layout."""
    roots = [*roots]

    def short(text: str) -> str:
        return shorten(text, roots)

    def files(items: list[str]) -> tuple[str, ...]:
        shown = [f"{short(f)}  [{r.formats[f]}]" if f in r.formats else short(f) for f in items[:limit]]
        return tuple(shown + ([f"… and {len(items) - limit} more"] if len(items) > limit else []))

    title = f"generation {r.generation}" if r.changed else "nothing changed"
    if r.rejected:
        title += f" ({len(r.rejected)} file{'s' if len(r.rejected) > 1 else ''} rejected)"
    if r.row_errors:
        title += f" ({len(r.row_errors)} row{'s' if len(r.row_errors) > 1 else ''} skipped)"
    lines = (f"{r.files_seen} files read in {r.seconds:.1f} s: {len(r.files_added)} added, {len(r.files_updated)} "
             f"updated, {len(r.files_removed)} removed, {r.files_unchanged} unchanged, {len(r.rejected)} rejected, "
             f"{len(r.skipped)} skipped" + (f"; {len(r.row_errors)} rows rejected." if r.row_errors else "."),
             f"Records: {r.records_added} added, {r.records_updated} updated, {r.records_removed} removed, "
             f"{r.records_unchanged} unchanged; {r.texts_embedded} texts embedded, {r.texts_reused} reused.")
    sections = [("Added", files(r.files_added)), ("Updated", files(r.files_updated)),
                ("Removed", files(r.files_removed)),
                ("Rejected (what they served before stays served)", tuple(short(why) for _, why in r.rejected)),
                (f"Rows skipped ({len(r.row_errors)})", tuple(short(e) for e in r.row_errors[:limit])
                 + ((f"… and {len(r.row_errors) - limit} more",) if len(r.row_errors) > limit else ())),
                ("Notes", tuple(short(n) for n in r.notes[:limit]))]
    if r.feeds_failed:  # also among the rejected; said per feed, so a moderator sees which publisher failed
        sections.insert(0, ("Feeds that failed (their last good copies are used)",
                            tuple(f"{name}: {short(why)}" for name, why in sorted(r.feeds_failed.items()))))
    if r.unknown_models:
        unknown = sorted(r.unknown_models)
        sections.append((f"Models with unknown open/closed status ({len(unknown)}), left out of open-vs-closed "
                         "comparisons: add them to corpus/registry.yaml",
                         (", ".join(unknown[:30]) + (" …" if len(unknown) > 30 else ""),)))
    return Summary(title, lines, tuple((h, items) for h, items in sections if items))


def format_report(r: IngestReport, roots: Iterable[Path] = ()) -> str:
    """The summary as terminal text."""
    s = summarize(r, [*roots, Path.cwd()])
    out = [f"Ingest into {r.where}: {s.title}", *(f"  {line}" for line in s.lines)]
    for heading, items in s.sections:
        out.append(f"  {heading}:")
        out += [f"    {item}" for item in items]
    out += skipped_lines(r)
    return "\n".join(out)


def skipped_lines(r: IngestReport, per_reason: int = 5) -> list[str]:
    """Every skipped file with its reason, grouped by reason (a folder of 37 unrecognised CSVs is one group);
    documentation files are only counted."""
    by_reason: dict[str, list[str]] = {}
    for f, why in r.skipped:
        by_reason.setdefault(why, []).append(f)
    out = [f"  {len(r.skipped)} files skipped:"] if r.skipped else []
    for why, files in sorted(by_reason.items(), key=lambda kv: -len(kv[1])):
        names = ", ".join(Path(f).name for f in files[:per_reason])
        more = f" and {len(files) - per_reason} more (--json lists them)" if len(files) > per_reason else ""
        out.append(f"    {len(files)} × {why}: {names}{more}")
    if r.docs_skipped:
        out.append(f"  {r.docs_skipped} documentation files (README, LICENSE, CHANGELOG…) not ingested.")
    return out


def shorten(text: str, roots: Iterable[Path]) -> str:
    """Paths under `roots` in a message, written relative to them."""
    for root in roots:
        for form in {str(root), str(Path(root).resolve())}:
            if form and form not in (".", "/"):
                text = text.replace(form.rstrip("/") + "/", "")
    return text
