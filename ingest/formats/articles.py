"""Articles: Markdown (optional YAML front matter), plain text, HTML (main text via trafilatura).

Chunked with overlap; each chunk keeps its title, source, date and position so answers can cite it.
"""

from __future__ import annotations

import re
from pathlib import Path

from gapbot import yamlload
from gapbot.errors import InputFileError
from gapbot.models import Passage
from ingest.formats.base import Context, Parsed, iso_date, read_text

CHUNK_SIZE = 900
CHUNK_OVERLAP = 150
SUFFIXES = {".md": "markdown", ".markdown": "markdown", ".txt": "text", ".html": "html", ".htm": "html"}
# Fence lines are '---' and spaces: with '\s*' the opening fence could also take the blank lines after it, and an
# unclosed front matter was searched again for each (quadratic on a file of newlines).
_FRONT = re.compile(r"\A\s*---[^\S\n]*\n(.*?)\n---[^\S\n]*\n", re.S)
# Markup patterns run over uploaded text: each is linear. A bracket pattern stops at the next '[' (and a tag at the
# next '<'), so attempts that start at successive brackets never scan the same characters again; with '[^\]]*'
# a 4.8 MB file of '[[a' took hours.
_WIKI = re.compile(r"\[\[([^\[\]]*)\]\]")  # [[target]] or [[target|label]]
_MD_LINK = re.compile(r"\[([^\[\]]+)\]\([^)\[\]]+\)")
_INLINE_TAG = re.compile(r"</?(a|br|span|b|i|em|strong)\b[^<>]*>", re.I)
_FROM = re.compile(r"^\s*From:\s*(.+)$", re.M)
# The splitter cuts a whitespace-free run of a chunk's length or more into one-character pieces (2 µs a character:
# 100 s for a 50 MB file of '[[a'); a space every half chunk keeps it on word-sized pieces.
_NO_BREAK_RUN = re.compile(rf"\S{{{CHUNK_SIZE // 2}}}")


def _splitter():
    # Imported lazily: only ingest needs it.
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    return RecursiveCharacterTextSplitter(chunk_size=CHUNK_SIZE, chunk_overlap=CHUNK_OVERLAP,
                                          separators=["\n\n", "\n", ". ", " ", ""])


def _front_matter(path: Path, text: str) -> tuple[dict, str]:
    m = _FRONT.match(text)
    if not m:
        return {}, text
    # The front matter starts on the line after the opening '---'.
    first_line = text.count("\n", 0, m.start(1)) + 1
    meta = yamlload.load_yaml(m.group(1), str(path), first_line, "front matter is not valid YAML") or {}
    if not isinstance(meta, dict):
        raise InputFileError(str(path), "front matter must be a YAML mapping (key: value lines)", line=1)
    return meta, text[m.end():]


def _wiki_label(m: re.Match) -> str:
    """The label of [[target|label]] (the target without one), as Obsidian shows it."""
    target, bar, label = m.group(1).partition("|")
    return label.lstrip() if bar else target


def _clean_markup(text: str) -> str:
    text = _WIKI.sub(_wiki_label, text)
    text = _MD_LINK.sub(r"\1", text)
    text = _INLINE_TAG.sub("", text)
    return re.sub(r"[ \t]+", " ", text)


def _html(path: Path, raw: str) -> tuple[dict, str]:
    import trafilatura

    body = trafilatura.extract(raw, include_comments=False, include_tables=False, favor_recall=True)
    if not body or not body.strip():
        raise InputFileError(str(path), "no article text found in this HTML page",
                             hint="save the article page itself, not an index or a script-only page")
    meta_obj = trafilatura.extract_metadata(raw)
    meta = {}
    if meta_obj is not None:
        meta = {"title": meta_obj.title, "author": meta_obj.author, "date": meta_obj.date,
                "source": meta_obj.url or meta_obj.sitename}
    return {k: v for k, v in meta.items() if v}, body


def parse(path: Path, ctx: Context, source_url: str = "") -> Parsed:
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        raise InputFileError(str(path), f"unknown article type {path.suffix!r}", hint="use .md, .txt or .html")
    raw = read_text(path, ctx.max_bytes)
    if kind == "html":
        meta, body = _html(path, raw)
    else:
        meta, body = _front_matter(path, raw)
        body = _clean_markup(body)
    body = body.strip()
    if not body:
        raise InputFileError(str(path), "the article has no text")
    first_line = next((ln.strip("# ").strip() for ln in body.splitlines() if ln.strip()), path.stem)
    title = str(meta.get("title") or first_line)[:200]
    source = str(meta.get("source") or meta.get("url") or source_url or "")
    if not source and (m := _FROM.search(body[:500])):
        source = _clean_markup(m.group(1)).strip()
    source = source or path.name
    date = iso_date(meta.get("date"))
    author = str(meta.get("author") or "")
    out = Parsed(format=f"article ({kind})", title=title)
    for i, chunk in enumerate(_splitter().split_text(_NO_BREAK_RUN.sub(r"\g<0> ", body))):
        out.passages.append(Passage(text=chunk, title=title, source=source, date=date, file=ctx.file_id,
                                    position=i, author=author))
    if not date:
        out.notes.append("no date in the article (add `date:` front matter to show one in citations)")
    return out
