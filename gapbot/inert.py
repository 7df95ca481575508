"""Text from files made inert before it is put into words: no markdown, no links except to known publishers.

A model's display name, a snapshot's `source_url`, an article's title or publisher come from files anyone with a
moderator's upload (or a feed) can write. Written into an answer as they are, `[livebench.ai](https://evil)` in a
name becomes a link everyone clicks on. So every string of a `Result` that came from a file is escaped once, here,
on its way into the composer (gapbot.compose); `ask --json` keeps the raw data. Links are only built from URLs whose
host is on an allow-list of the publishers gapbot reads (plus GAPBOT_LINK_HOSTS); any other URL is shown as plain
text that Discord does not turn into a link.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any
from urllib.parse import urlsplit

DEFAULT_LINK_HOSTS = frozenset({
    "livebench.ai", "lmarena.ai", "epoch.ai", "aider.chat", "swebench.com", "github.com", "huggingface.co",
    "arxiv.org", "hai.stanford.edu", "nist.gov", "openreview.net",
})
# Characters that make markdown anywhere in a line: emphasis, strike, spoiler, code, masked links. (Line-start markup,
# headings, quotes, lists, cannot arise: the composer never starts a line with text from a file, and quotes are
# flattened to one line behind their "> ".)
_INLINE = re.compile(r"([\\*_~`|\[\]])")
_SCHEME = re.compile(r"(?i)\b(https?)://")
# Fields that hold identifiers, not text from files: left as they are (the composer looks them up).
_KEEP = frozenset({"kind", "intent", "category", "source", "reason", "requested_category", "available",
                   "other_categories", "direction", "id", "document"})
_URLS = frozenset({"source_url", "url"})


def escape(text: str) -> str:
    """Markdown in `text` shown as written: each markup character backslash-escaped, and a URL's scheme broken so
    that it is not linked."""
    text = _INLINE.sub(r"\\\1", text)
    return _SCHEME.sub(lambda m: m.group(1) + ":\u200b//", text)


def allowed_url(url: str, hosts: frozenset[str]) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    host = (parts.hostname or "").lower()
    return parts.scheme in ("http", "https") and any(host == h or host.endswith("." + h) for h in hosts)


def shown_url(url: str, hosts: frozenset[str]) -> str:
    """The URL itself when its host is allowed; otherwise its text without the scheme, escaped: readable, and
    neither Discord nor a terminal makes a link of it."""
    if not url or allowed_url(url, hosts):
        return url
    return escape(re.sub(r"(?i)^[a-z][a-z0-9+.-]*://", "", url))


def inert(value: Any, hosts: frozenset[str] = DEFAULT_LINK_HOSTS, name: str = "") -> Any:
    """A copy of a Result (or any of its parts) with every string from a file escaped and every URL checked."""
    if isinstance(value, str):
        if name in _URLS:
            return shown_url(value, hosts)
        return value if name in _KEEP else escape(value)
    if isinstance(value, tuple):
        return tuple(inert(v, hosts, name) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: inert(getattr(value, f.name), hosts, f.name) for f in dataclasses.fields(value)
                   if f.name not in _KEEP}
        return dataclasses.replace(value, **changes)
    return value
