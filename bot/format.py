"""Pure packing: an answer's words (gapbot.compose.Words) or any text as Discord embeds / content that Discord will
accept. The words are made by the core's composer; nothing here rewords them.

Discord's limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits): title 256,
description 4096, 25 fields, field name 256, field value 1024, footer 2048, author 256, 6000 characters over all
the embeds of one message, 10 embeds per message, 2000 characters of content. A message that breaks one of them is
refused with error 50035, so everything sent goes through here.

Nothing here pings anyone: @everyone, @here and raw user/role mentions in echoed text are broken with a zero-width
space by the core's one defuser, gapbot.phrases.defang (and every send also uses AllowedMentions.none()).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC

import discord

from gapbot.compose import Words
from gapbot.phrases import defang
from gapbot.result import Result

TITLE = 256
DESCRIPTION = 4096
FIELDS = 25
FIELD_NAME = 256
FIELD_VALUE = 1024
FOOTER = 2048
AUTHOR = 256
TOTAL = 6000
EMBEDS = 10
CONTENT = 2000

ELLIPSIS = "…"
BLANK = "\u200b"
OK_COLOUR = discord.Colour(0x2B8A3E)
NOT_OK_COLOUR = discord.Colour(0x868E96)
SHORT_INLINE = 48  # field values at most this long (one line) are shown side by side


def truncate(text: str, limit: int) -> str:
    """At most `limit` characters; a cut text ends with an ellipsis."""
    if limit <= 0:
        return ""
    if len(text) <= limit:
        return text
    if limit == 1:
        return ELLIPSIS
    cut = text[: limit - 1]
    # Prefer a word boundary when it costs little.
    space = cut.rfind(" ")
    if space >= limit * 0.8:
        cut = cut[:space]
    return cut.rstrip() + ELLIPSIS


def split_text(text: str, limit: int) -> list[str]:
    """Chunks of at most `limit` characters, cut at paragraph, line or word boundaries where possible."""
    if limit <= 0:
        raise ValueError("limit must be positive")
    text = text.strip()
    chunks: list[str] = []
    while text:
        if len(text) <= limit:
            chunks.append(text)
            break
        window = text[: limit + 1]
        cut = -1
        for sep in ("\n\n", "\n", " "):
            pos = window.rfind(sep, 0, limit + 1)
            if pos > limit // 3:
                cut = pos
                break
        if cut <= 0:
            cut = limit
        head = text[:cut].rstrip()
        if not head:  # only whitespace before the cut: hard cut instead
            head, cut = text[:limit], limit
        chunks.append(head)
        text = text[cut:].strip()
    return chunks


class _Packer:
    """Fills embeds in order, never exceeding any per-embed limit nor the 6000-character message budget."""

    def __init__(self, title: str, url: str | None, footer: str, colour: discord.Colour) -> None:
        self.colour = colour
        self.footer = footer
        self.budget = TOTAL - len(title) - len(footer)
        self.embeds: list[discord.Embed] = [discord.Embed(title=title or None, url=url or None, colour=colour)]
        self.full = False

    @property
    def cur(self) -> discord.Embed:
        return self.embeds[-1]

    def _new(self) -> bool:
        if len(self.embeds) >= EMBEDS:
            self.full = True
            return False
        self.embeds.append(discord.Embed(colour=self.colour))
        return True

    def description(self, text: str) -> None:
        if self.full or not text:
            return
        if (self.cur.description or self.cur.fields) and not self._new():
            return
        if len(text) > self.budget:
            text = truncate(text, self.budget)
            self.full = True
        if text:
            self.cur.description = text
            self.budget -= len(text)
        else:
            self.full = True

    def field(self, name: str, value: str, inline: bool = False) -> None:
        if self.full:
            return
        if len(self.cur.fields) >= FIELDS and not self._new():
            return
        cost = len(name) + len(value)
        if cost > self.budget:
            room = self.budget - len(name)
            if room < 2:
                self.full = True
                return
            value = truncate(value, room)
            self.full = True
            cost = len(name) + len(value)
        self.cur.add_field(name=name, value=value, inline=inline)
        self.budget -= cost

    def finish(self) -> list[discord.Embed]:
        if self.footer:
            self.embeds[-1].set_footer(text=self.footer)
        first = self.embeds[0]
        if not (first.title or first.description or first.fields or self.footer):
            first.description = "(no answer)"
        return self.embeds


def _name(text: str) -> str:
    text = defang(text).strip()
    return truncate(text, FIELD_NAME) if text else BLANK


def _fields(name: str, value: str) -> Iterable[tuple[str, str, bool]]:
    name = _name(name)
    value = defang(value).strip()
    if not value:
        yield name, BLANK, False
        return
    chunks = split_text(value, FIELD_VALUE)
    inline = len(chunks) == 1 and len(value) <= SHORT_INLINE and "\n" not in value
    for i, chunk in enumerate(chunks):
        yield (name if i == 0 else _name(f"{name} (cont.)")), chunk, inline


def answer_to_embeds(words: Words, colour: discord.Colour | None = None) -> list[discord.Embed]:
    """An answer's words as 1-10 embeds that together respect every Discord limit.

    Headline -> title (linked to the source), figures -> fields, quotes and what does not fit the title ->
    description, notes -> a trailing field, sources line and snapshot date -> footer. What cannot fit ends with an
    ellipsis. The words are already defused; text is defused again only where it is cut or joined here.
    """
    headline = defang(words.headline.strip())
    title = truncate(headline, TITLE)
    footer = truncate(defang(words.footer), FOOTER)
    colour = colour or (OK_COLOUR if words.ok else NOT_OK_COLOUR)
    url = words.url if words.url and re.match(r"https?://\S+\Z", words.url) else None
    packer = _Packer(title, url, footer, colour)

    parts = [f"**{defang(words.warning)}**"] if words.warning else []  # stale data: the description's first line
    parts += [f"*Read as: {defang(words.reading)}*"] if words.reading else []
    parts += [headline] if title != headline else []
    parts += [defang(p) for p in (words.body, *words.quotes)]
    body = "\n\n".join(p for p in parts if p.strip())
    for chunk in split_text(body, DESCRIPTION) if body else []:
        packer.description(chunk)
    for name, value in words.fields:
        for n, v, inline in _fields(str(name), str(value)):
            packer.field(n, v, inline)
    notes = "\n".join(f"• {n}" for n in words.notes if n and n.strip())
    if notes:
        for n, v, _ in _fields("Notes", notes):
            packer.field(n, v, False)
    return packer.finish()


def text_embed(title: str, text: str = "", colour: discord.Colour | None = None,
               fields: Iterable[tuple[str, str]] = (), footer: str = "") -> list[discord.Embed]:
    """Free text (a status or a report) as embeds within the limits."""
    head = defang(title)
    packer = _Packer(truncate(head, TITLE), None, truncate(defang(footer), FOOTER), colour or OK_COLOUR)
    body = defang(text)
    if len(head) > TITLE:
        body = head + "\n\n" + body
    for chunk in split_text(body, DESCRIPTION) if body.strip() else []:
        packer.description(chunk)
    for name, value in fields:
        for n, v, inline in _fields(name, value):
            packer.field(n, v, inline)
    return packer.finish()


def safe_content(text: str, limit: int = CONTENT) -> str:
    """Plain message content: no pings, at most 2000 characters."""
    return truncate(defang(text or ""), limit)


def embeds_length(embeds: Iterable[discord.Embed]) -> int:
    return sum(len(e) for e in embeds)


def check_limits(embeds: list[discord.Embed]) -> list[str]:
    """Every limit the embeds break (empty when Discord would accept them); used by the tests."""
    problems = []
    if not 1 <= len(embeds) <= EMBEDS:
        problems.append(f"{len(embeds)} embeds")
    if embeds_length(embeds) > TOTAL:
        problems.append(f"total {embeds_length(embeds)} > {TOTAL}")
    for i, e in enumerate(embeds):
        d = e.to_dict()
        if len(d.get("title", "")) > TITLE:
            problems.append(f"embed {i}: title")
        if len(d.get("description", "")) > DESCRIPTION:
            problems.append(f"embed {i}: description")
        if len(d.get("footer", {}).get("text", "")) > FOOTER:
            problems.append(f"embed {i}: footer")
        fields = d.get("fields", [])
        if len(fields) > FIELDS:
            problems.append(f"embed {i}: {len(fields)} fields")
        for f in fields:
            if not f["name"].strip() and f["name"] != BLANK or not 1 <= len(f["name"]) <= FIELD_NAME:
                problems.append(f"embed {i}: field name {f['name']!r:.40}")
            if not f["value"].strip() and f["value"] != BLANK or not 1 <= len(f["value"]) <= FIELD_VALUE:
                problems.append(f"embed {i}: field value {f['value']!r:.40}")
        if not (d.get("title") or d.get("description") or fields or d.get("footer") or d.get("image")):
            problems.append(f"embed {i}: empty")
    return problems


def with_discord_times(words: Words, result: Result) -> Words:
    """The /sources words with the last refresh as a Discord timestamp (`<t:…:f>` and `<t:…:R>`: each reader sees
    their own time zone and "3 hours ago") instead of the composer's ISO text, which suits the CLI."""
    corpus = result.corpus
    when = getattr(corpus, "refreshed_at", None)
    if when is None:
        return words
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    value = (f"{discord.utils.format_dt(when, 'f')} ({discord.utils.format_dt(when, 'R')}), generation "
             f"{corpus.generation}")
    fields = tuple((name, value if name == "Last refreshed" else text) for name, text in words.fields)
    return replace(words, fields=fields)
