"""Articles: Markdown (optional YAML front matter), plain text, HTML (main text via trafilatura).

Passages are cut on section and sentence boundaries (never mid-sentence), so that a quote ends where a sentence
does and a passage holds one point rather than the end of one and the start of the next. Each passage keeps its
section heading (out of its text), title, source, author, date and position so answers can cite it honestly.
Video transcripts' timestamps ("[00:48:43]") and page chrome ("Get your free personalized podcast brief") are
dropped on the way in: they are neither the author's words nor a title.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

from gapbot import yamlload
from gapbot.errors import InputFileError
from gapbot.extract import BULLET, TIMESTAMP, split_sentences
from gapbot.models import Passage
from ingest.formats.base import Context, Parsed, iso_date, read_text

# The article parser's own version: part of every article's content version, so changing how articles are cut
# re-parses (and re-embeds) articles only, not the leaderboards.
VERSION = "2"
CHUNK_SIZE = 900  # no passage is longer (a longer sentence is cut at spaces)
TARGET = 480  # paragraphs are packed together up to this length; a section always starts a new passage
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
_EMPHASIS = re.compile(r"(\*\*|__)(?=\S)([^*_\n]{1,200}?)(?<=\S)\1")
_FROM = re.compile(r"^\s*From:\s*(.+)$", re.M)
# Closing hashes ("## Title ##") are stripped after the match: a lazy group before them would be quadratic.
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*)$")
_URL_LINE = re.compile(r"^\s*(https?://\S+)\s*$")
# "Headline | Site", as a page's <title> has it; bounded runs only (it is tried on a whole first or last line).
_PAGE_TITLE = re.compile(r"^(.{10,160}?)[ \t]{1,3}[|–—][ \t]{1,3}(\w[\w .&'-]{1,40})$")
# Page chrome: sign-up prompts and site furniture saved with an article. Never a title, never a passage.
_CHROME = re.compile(r"^(get (your|ai|the|our)\b.{0,60}(brief|inbox|newsletter|digest|free)\b.*|subscribe\b.*|"
                     r"sign up\b.*|we scan new podcasts.*|daily digest\b.*|related (insights|posts|articles)|"
                     r"key terms explained|share (this|on)\b.*|read more\b.*|advertisement)$", re.I)
# A whitespace-free run of half a passage or more gets a space, so a long sentence can always be cut at one.
_NO_BREAK_RUN = re.compile(rf"\S{{{CHUNK_SIZE // 2}}}")


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
    return label.strip() if bar else target


def _clean_markup(text: str) -> str:
    text = _WIKI.sub(_wiki_label, text)
    text = _MD_LINK.sub(r"\1", text)
    text = _INLINE_TAG.sub("", text)
    text = TIMESTAMP.sub("", text)
    text = _EMPHASIS.sub(r"\2", text)
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


# -- sections and paragraphs ------------------------------------------------------------------------------------------
def _heading_like(line: str) -> bool:
    """A plain-text heading: short, no sentence punctuation at its end, not a list item."""
    s = line.strip()
    return (3 <= len(s) <= 90 and len(s.split()) <= 12 and s[-1] not in ".!?,;:\"”'’)…"
            and not BULLET.match(s) and not _URL_LINE.match(s))


def _one_paragraph_per_line(lines: list[str]) -> bool:
    """Plain text with one paragraph per line (most long lines end a sentence), not hard-wrapped prose."""
    long = [ln.rstrip() for ln in lines if len(ln.strip()) > 40]
    return not long or sum(ln[-1] in ".!?\"”'’)]…" for ln in long) * 2 >= len(long)


def _blocks(body: str, kind: str, skip: frozenset[str] = frozenset()) -> tuple[list[tuple[str, list[str]]], list[str]]:
    """[(section heading, [paragraph])] in order, and the URL lines found (a plain-text file's source)."""
    lines = body.splitlines()
    per_line = kind == "text" and _one_paragraph_per_line(lines)
    sections: list[tuple[str, list[str]]] = [("", [])]
    urls: list[str] = []
    para: list[str] = []

    def flush() -> None:
        if para:
            # Hard-wrapped lines are one paragraph; a line wrapped after a hyphen ("US-versus-") keeps the word whole.
            text = para[0]
            for line in para[1:]:
                text += line if text.endswith("-") and text[-2:-1].isalnum() else " " + line
            sections[-1][1].append(text)
            para.clear()

    for i, raw in enumerate(lines):
        line = raw.strip()
        if not line:
            flush()
            continue
        if _CHROME.match(line) or _FROM.match(line) or line in skip:
            flush()
            continue
        if m := _URL_LINE.match(line):
            urls.append(m.group(1))
            flush()
            continue
        heading = _HEADING.match(line)
        nxt = next((ln.strip() for ln in lines[i + 1:i + 3] if ln.strip()), "")
        if heading or (per_line and _heading_like(line) and len(nxt) > len(line)):
            flush()
            sections.append(((heading.group(1).rstrip(" \t#") if heading else line).strip(), []))
            continue
        if BULLET.match(line) or per_line:
            flush()
        para.append(line)
        if per_line:
            flush()
    flush()
    return [(h, ps) for h, ps in sections if ps], urls


def _cut_long(sentence: str) -> list[str]:
    """A sentence longer than a passage, cut at spaces (walking an index: slicing off the rest each time would copy
    a 5 MB run-on line thousands of times)."""
    out, start, n = [], 0, len(sentence)
    while n - start > CHUNK_SIZE:
        cut = sentence.rfind(" ", start, start + CHUNK_SIZE)
        cut = cut if cut > start else start + CHUNK_SIZE
        out.append(sentence[start:cut].strip())
        start = cut
    rest = sentence[start:].strip()
    return [p for p in out if p] + ([rest] if rest else [])


def _pack(paragraphs: list[str]) -> list[str]:
    """Paragraphs packed into passages of about TARGET characters; a long paragraph is cut between sentences with
    one sentence of overlap, so a point split across two passages is whole in one of them."""
    out: list[str] = []
    current = ""
    for para in paragraphs:
        # A paragraph that introduces a list ("...the answer differs a lot:") stays with the list it introduces.
        last = current.rsplit("\n", 1)[-1]
        room = CHUNK_SIZE if current.endswith(":") or (BULLET.match(para) and BULLET.match(last)) else TARGET
        if current and len(current) + 1 + len(para) <= room:
            current += "\n" + para
            continue
        if current:
            out.append(current)
            current = ""
        if len(para) <= CHUNK_SIZE:
            current = para
            continue
        units = [u for s in split_sentences(para) for u in _cut_long(s)]
        piece: list[str] = []
        size = 0
        for unit in units:
            if piece and size + 1 + len(unit) > TARGET:
                out.append(" ".join(piece))
                piece = piece[-1:] if len(piece[-1]) + len(unit) < CHUNK_SIZE else []
                size = len(piece[0]) if piece else 0
            size += (1 if piece else 0) + len(unit)
            piece.append(unit)
        current = " ".join(piece)
    if current:
        out.append(current)
    return out


# -- who wrote it, where, when ------------------------------------------------------------------------------------
def _based_on(path: Path, value) -> str:
    """Front matter `based_on:` (a list of URLs, or of {title, url}) as a JSON list of [title, url]."""
    if not value:
        return ""
    if not isinstance(value, list):
        value = [value]
    out = []
    for item in value[:20]:
        if isinstance(item, dict):
            out.append([str(item.get("title") or item.get("name") or "")[:200], str(item.get("url") or "")[:500]])
        elif isinstance(item, str):
            is_url = item.startswith(("http://", "https://"))
            out.append(["" if is_url else item[:200], item[:500] if is_url else ""])
        else:
            raise InputFileError(str(path), "based_on: must list URLs or {title, url} entries", line=1)
    return json.dumps(out, ensure_ascii=False)


def publisher_of(source: str) -> str:
    """'https://www.semianalysis.com/p/x' -> 'semianalysis.com'; a publisher's name stays as it is."""
    if source.startswith(("http://", "https://")):
        host = urlsplit(source).hostname or source
        return host.removeprefix("www.")
    return source


def _title(meta: dict, body: str, kind: str) -> tuple[str, str]:
    """(title, publisher from a 'Headline | Site' line). Front matter, a first heading, a page-title line; never
    page chrome, never a 'From:' line. '' when the document has none."""
    if meta.get("title"):
        return str(meta["title"]).strip(), ""
    lines = [ln.strip() for ln in body.splitlines() if ln.strip() and not _CHROME.match(ln.strip())]
    for ln in lines[:1] + lines[-1:]:
        if m := _PAGE_TITLE.match(ln):
            return m.group(1).strip(), m.group(2).strip()
    first = lines[0] if lines else ""
    if m := _HEADING.match(first):
        return m.group(1).rstrip(" \t#").strip(), ""
    if kind != "markdown" and first and _heading_like(first) and not _FROM.match(first):
        return first, ""
    return "", ""


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
    body = _NO_BREAK_RUN.sub(r"\g<0> ", body.strip())
    if not body:
        raise InputFileError(str(path), "the article has no text")
    title, site = _title(meta, body, kind)
    # The page-title line is the title, not a passage.
    sections, urls = _blocks(body, kind, frozenset({f"{title} | {site}", f"{title} – {site}", f"{title} — {site}"}
                                                   if site else ()))
    source = str(meta.get("source") or meta.get("url") or source_url or "")
    if not source and (m := _FROM.search(body[:500])):
        source = m.group(1).strip()
    source = source or (urls[0] if kind == "text" and urls else "") or site or path.name
    date = iso_date(meta.get("date"))
    author = str(meta.get("author") or "")
    # A document without a title is named by where it comes from and when, never by its first line of chrome.
    title = (title or ", ".join(x for x in (publisher_of(source), date) if x))[:200]
    based_on = _based_on(path, meta.get("based_on"))
    out = Parsed(format=f"article ({kind})", title=title)
    position = 0
    seen: set[str] = set()
    for heading, paragraphs in sections:
        # A page that repeats itself (a quote pasted twice) gives each paragraph once.
        fresh = [p for p in paragraphs if not (p in seen or seen.add(p))]
        for text in _pack(fresh):
            out.passages.append(Passage(text=text, title=title, source=source, date=date, file=ctx.file_id,
                                        position=position, author=author, section=heading[:200],
                                        based_on=based_on))
            position += 1
    if not out.passages:
        raise InputFileError(str(path), "the article has no text")
    if not date:
        out.notes.append("no date in the article (add `date:` front matter to show one in citations)")
    return out
