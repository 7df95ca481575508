"""What /sources says about the feeds: each publisher's last success, and which ones are failing (answers then come
from their last good copies). Read from data/feeds/state.json (ingest/feedsources.py); blocking, small."""

from __future__ import annotations

from discord.utils import escape_markdown

from bot.format import truncate
from gapbot.errors import InputFileError
from ingest import feedsources


def feeds_field(settings) -> tuple[str, str] | None:
    """("Feeds", one line per feed), or None when no feed is configured or feeds are off."""
    if not settings.feeds_enabled:
        return None
    try:
        specs = feedsources.load(settings.sources_path)
    except InputFileError as exc:
        return "Feeds", f"❌ sources.yaml cannot be read: {escape_markdown(truncate(str(exc), 200))}"
    if not specs:
        return None
    lines = []
    for f in feedsources.status_lines(settings.data_dir / "feeds", specs):
        when = (f["last_success"] or "never")[:16].replace("T", " ")
        if f["last_error"]:
            why = escape_markdown(truncate(f["last_error"], 160))
            lines.append(f"❌ {f['name']}: failing ({why}); last success {when}, its last good copy is used")
        elif f["last_success"]:
            lines.append(f"✅ {f['name']}: ok, checked {when} UTC")
        else:
            lines.append(f"· {f['name']}: not fetched yet")
    return "Feeds", "\n".join(lines)
