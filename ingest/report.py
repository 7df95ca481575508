"""The ingest summary, for people (text) and machines (JSON)."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

from ingest.pipeline import IngestReport


def _short(fid: str) -> str:
    try:
        return str(Path(fid).relative_to(Path.cwd()))
    except ValueError:
        return fid


def report_dict(r: IngestReport) -> dict:
    d = asdict(r)
    d["rejected"] = [{"file": f, "reason": why} for f, why in r.rejected]
    d["skipped"] = [{"file": f, "reason": why} for f, why in r.skipped]
    return d


def format_report(r: IngestReport, limit: int = 12) -> str:
    lines = [f"Ingest into {r.where}: generation {r.generation}, {r.seconds:.1f} s",
             f"  files: {r.files_seen} read — {len(r.files_added)} added, {len(r.files_updated)} updated, "
             f"{len(r.files_removed)} removed, {r.files_unchanged} unchanged, {len(r.rejected)} rejected, "
             f"{len(r.skipped)} skipped",
             f"  records: {r.records_added} added, {r.records_updated} updated, {r.records_removed} removed, "
             f"{r.records_unchanged} unchanged",
             f"  embedding: {r.texts_embedded} texts embedded, {r.texts_reused} reused"]
    changed = [("added", f) for f in r.files_added] + [("updated", f) for f in r.files_updated]
    if changed:
        lines.append("  detected formats:")
        for what, f in changed[:limit]:
            lines.append(f"    {what:<8} {_short(f)}  [{r.formats.get(f, '?')}]")
        if len(changed) > limit:
            lines.append(f"    … and {len(changed) - limit} more")
    for f in r.files_removed[:limit]:
        lines.append(f"  removed  {_short(f)}")
    if r.rejected:
        lines.append("  REJECTED (what was served before from these files stays served):")
        lines += [f"    {why}" for _, why in r.rejected]
    if r.row_errors:
        lines.append(f"  rows skipped ({len(r.row_errors)}):")
        lines += [f"    {e}" for e in r.row_errors[:limit]]
    if r.unknown_models:
        names = sorted(r.unknown_models)
        lines.append(f"  models with unknown open/closed status ({len(names)}), left out of open-vs-closed "
                     "comparisons; add them to corpus/registry.yaml:")
        lines.append("    " + ", ".join(names[:30]) + (" …" if len(names) > 30 else ""))
    if r.skipped:
        lines.append(f"  {len(r.skipped)} files skipped (support files or unrecognised formats; --json lists them)")
    return "\n".join(lines)
