"""The phrases answers are made of: numbers, models, gaps, dates, sources, quotes. Every number printed here comes
from a computed figure; text that comes from files goes through `defang`, the one mention defuser."""

from __future__ import annotations

import re
from datetime import date

from gapbot.benchmarks import board_matches
from gapbot.categories import label
from gapbot.extract import QUOTE_CHARS, quote
from gapbot.result import Citation, GapFigures, ModelEntry, Reading, Result, Trend
from gapbot.units import scale, unit, win_probability

OPEN_MEANS = "open = downloadable weights (any licence); proprietary = API or hosted only"
BASED_ON_SHOWN = 2  # sources listed under one of gapbot's own notes (the rest are counted)
_FLAG = {True: "open", False: "proprietary", None: "unknown"}
# Mentions Discord would act on (@everyone, @here, <@id>, <@&id>, <#id>, @id) and the controls that reorder or
# hide text (bidi overrides and isolates, NUL).
_MENTION = re.compile(r"@(everyone|here|[!&]?\d{15,21})", re.I)
_ANGLE = re.compile(r"<([@#])")
_INVISIBLE = dict.fromkeys([0, *range(0x202A, 0x202F), *range(0x2066, 0x206A)])
ZWSP = "\u200b"


def defang(text: str) -> str:
    """Text from files or users can carry mentions or bidi tricks: make them inert (a zero-width space breaks each
    mention) and drop the invisible controls."""
    text = (text or "").translate(_INVISIBLE)
    text = _ANGLE.sub(lambda m: "<" + ZWSP + m.group(1), text)
    return _MENTION.sub(lambda m: "@" + ZWSP + m.group(1), text)


def num(x: float | None, digits: int = 2) -> str:
    if x is None:
        return "n/a"
    text = f"{x:.{digits}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def day(d: date | None, missing: str = "") -> str:
    return d.isoformat() if d is not None else missing


def gap_phrase(points: float | None, benchmark: str | None = None) -> str:
    """'a gap of 3.97 points', 'open models lead by 3.33 points', 'level' (Elo boards: 'Elo points')."""
    u = unit(benchmark)
    if points is None:
        return "no gap measurable"
    if points < 0:
        return f"open models lead by {num(-points)} {u}"
    if points == 0:
        return "level"
    return f"a gap of {num(points)} {u}"


def who(m: ModelEntry | None, with_score: bool = True) -> str:
    if m is None:
        return "none"
    org = f" ({m.organization})" if m.organization else ""
    score = f" — {num(m.score)}" if with_score else ""
    return f"**{m.name}**{org}{score}"


def months_text(m: float | None, kind: str = "") -> str:
    if m is None:
        return "unknown (no release dates for these models)"
    if m == 0:
        return "none: an open model got there as early as any proprietary one"
    by = {"release": " (by release dates)", "listing": " (by the dates the board first listed them)"}.get(kind, "")
    return f"about {num(m, 1)} months{by}"


def _sides(g: GapFigures) -> tuple[str, str]:
    """How the headline names the open and the proprietary side: the best of each, or the model asked about."""
    return (g.best_open.name if g.anchored == "open" and g.best_open else "the best open model",
            g.best_closed.name if g.anchored == "closed" and g.best_closed else "the best proprietary model")


def gap_headline(category: str, benchmark: str, g: GapFigures) -> str:
    u = unit(benchmark)
    if g.points is None:
        return f"{label(category)} on {benchmark}: not enough open and proprietary models to compare."
    # the other side is named only where one side is the model asked about ("… is 6.9 points behind GPT-5")
    opened, closed = _sides(g)
    if g.tie and g.points != 0:
        ahead, behind = (opened, closed) if g.points < 0 else (closed, opened)
        return (f"{label(category)} on {benchmark}: a statistical tie — {ahead} is {num(abs(g.points))} {u} ahead"
                f"{f' of {behind}' if g.anchored else ''}, within both models' 95 % intervals.")
    against = f" {closed}" if g.anchored else ""
    if g.points < 0:
        return f"{label(category)} on {benchmark}: {opened} leads{against} by {num(-g.points)} {u}."
    if g.points == 0:
        sides = f"{opened} and {closed}" if g.anchored else "open and proprietary models"
        return f"{label(category)} on {benchmark}: {sides} are level."
    return (f"{label(category)} on {benchmark}: {opened} is {num(g.points)} {u} behind{against}"
            + cost_clause(g) + (f", {months_text(g.months, g.date_kind)}." if g.months else "."))


def gap_fields(g: GapFigures, benchmark: str | None = None) -> list[tuple[str, str]]:
    fields = [("Open model asked about" if g.anchored == "open" else "Best open-weights", who(g.best_open)),
              ("Proprietary model asked about" if g.anchored == "closed" else "Best proprietary", who(g.best_closed))]
    if g.points is not None:
        fields.append(("Quality gap", quality_line(g, benchmark)))
        fields.append(("Time gap", time_gap_line(g)))
        if (censored := censored_line(g)) is not None:
            fields.append(("Newest proprietary level", censored))
    if line := cost_line(g):
        fields.append(("Cost", line))
    return fields


def quality_line(g: GapFigures, benchmark: str | None) -> str:
    """The gap in the board's unit; on an Elo board, what it means in votes; with intervals, whether it is a tie."""
    u = unit(benchmark)
    if scale(benchmark) == "elo":
        opened, closed = _sides(g)
        text = (f"{num(g.points)} {u}: {opened} would win about "
                f"{num(100 * win_probability(g.points), 0)} % of head-to-head votes against {closed}")
    else:
        rel = f" ({num(g.relative_pct, 1)} % of the proprietary score)" if g.relative_pct is not None else ""
        text = f"{num(g.points)} {u}{rel}"
    if g.tie is not None:
        o, c = g.best_open, g.best_closed
        bounds = (f"open {num(o.score_low)}–{num(o.score_high)}, proprietary {num(c.score_low)}–"
                  f"{num(c.score_high)}")
        text += (f"; a statistical tie: the 95 % intervals overlap ({bounds})" if g.tie else
                 f"; outside the 95 % intervals ({bounds})")
    return text


def dated(m: ModelEntry, kind: str = "") -> str:
    """'released 2025-05-22' or 'first listed 2026-01-08': says which kind of date the time gap used."""
    if m.release_date and kind != "listing":
        return f"released {day(m.release_date)}"
    if m.first_seen:
        return f"first listed {day(m.first_seen)}"
    return "date unknown"


def time_gap_line(g: GapFigures) -> str:
    """How long after a proprietary model reached the best open score an open model did, with both models and the
    one kind of date compared."""
    if g.months is None:
        return months_text(None)
    if g.closed_first is None:
        return "none: no proprietary model on this board reached the best open score"
    text = (f"{months_text(g.months, g.date_kind)} — {g.closed_first.name} ({dated(g.closed_first, g.date_kind)}) "
            f"reached {num(g.best_open.score)} or more")
    if g.open_first is not None:
        text += (f"; the first open model to do so was {g.open_first.name} "
                 f"({dated(g.open_first, g.date_kind)})")
    return text


def censored_line(g: GapFigures) -> str | None:
    """The proprietary best not yet matched by any open model: 'at least N months' (censored), dated."""
    if g.censored_months is None or g.frontier_first is None or g.data_through is None:
        return None
    return (f"no open model has reached {num(g.best_closed.score)} yet: at least {num(g.censored_months, 1)} months "
            f"behind there, counting from {g.frontier_first.name} ({dated(g.frontier_first)}) to "
            f"{day(g.data_through)}, the date this board's data runs to")


def fit_line(t: Trend, n: int, u: str = "points") -> str:
    """The fitted direction in numbers: every point counts, and the spread says how sure the line is."""
    if t.slope_per_year is None:
        return f"{num(t.change)} {u} over {n} snapshots"
    spread = f" ± {num(t.slope_se)}" if t.slope_se else ""
    return (f"{num(t.change)} {u} over {n} snapshots along a line fitted through all of them "
            f"({num(t.slope_per_year)}{spread} {u} a year); last minus first: {num(t.first_to_last)}")


def unknown_note(g: GapFigures) -> str | None:
    if g.n_unknown:
        return f"{g.n_unknown} model(s) on this board have unknown open/closed status and were left out."
    return None


def row_line(i: int, m: ModelEntry) -> str:
    org = f" ({m.organization})" if m.organization else ""
    cost = f" · ${m.cost_per_question:.3f}/question" if m.cost_per_question else ""
    return f"{i}. {m.name}{org} — {num(m.score)} · {_FLAG[m.open_weights]}{cost}"


def cost_ratio(g: GapFigures) -> float | None:
    """How many times the best proprietary model's cost per question is the best open model's (board's figures)."""
    o, c = g.best_open, g.best_closed
    if not (o and c and o.cost_per_question and c.cost_per_question):
        return None
    return c.cost_per_question / o.cost_per_question


def cost_clause(g: GapFigures) -> str:
    """' at 4.6× lower cost per question' (the open model's cost against the proprietary one's), or ''."""
    ratio = cost_ratio(g)
    if ratio is None or abs(ratio - 1) < 0.05:
        return "" if ratio is None else " at about the same cost per question"
    return (f" at {num(ratio, 1)}× lower cost per question" if ratio > 1
            else f" at {num(1 / ratio, 1)}× higher cost per question")


def cost_line(g: GapFigures) -> str | None:
    o, c = g.best_open, g.best_closed
    if cost_ratio(g) is None:
        return None
    solved = (f"; per solved task ${o.cost_per_solved:.3f} vs ${c.cost_per_solved:.3f}"
              if o.cost_per_solved and c.cost_per_solved else "")
    return (f"${o.cost_per_question:.3f} per question for {o.name} vs ${c.cost_per_question:.3f} for {c.name}"
            f"{solved} (the board's own cost figures)")


def snapshot_text(snapshot: date | None, data_through: date | None = None) -> str:
    """'snapshot 2026-01-08', and where its data runs later, '(data to 2026-06-17)'."""
    later = f" (data to {day(data_through)})" if data_through and snapshot and data_through > snapshot else ""
    return f"snapshot {day(snapshot)}{later}"


def source_line(benchmark: str, snapshot: date | None, url: str | None, data_through: date | None = None) -> str:
    """`url` is a link only when it is one (gapbot.inert leaves only allowed URLs with their scheme)."""
    link = (f" <{url}>" if url.startswith(("http://", "https://")) else f" ({url})") if url else ""
    return f"Source: {benchmark}, {snapshot_text(snapshot, data_through)}{link}. {OPEN_MEANS}."


def excerpt(text: str, limit: int = 280) -> str:
    """At most `limit` characters on one line, cut at a word with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + "…"


_READ_AS = {"gap": "Gap", "best": "Best models", "trend": "Trend of the gap", "compare": "Comparison",
            "model": "One model", "catch_up": "Catch-up", "explain": "What the articles say"}
_SIDE = {True: "open weights only", False: "proprietary only", None: "open and proprietary"}


def date_words(span: str) -> str:
    """'>=2025-01' -> 'since 2025-01', '<=2024-12' -> 'up to 2024-12', 'a..b' -> 'a to b'."""
    if span.startswith(">="):
        return f"since {span[2:]}"
    if span.startswith("<="):
        return f"up to {span[2:]}"
    return span.replace("..", " to ")


def reading_line(r: Result) -> str:
    """How the question was read, first in every answer: "Gap · Coding · open vs proprietary · LiveBench
    2026-01-08". A benchmark or date asked for that the answering board is not is said here, at the top."""
    rd = r.reading
    if rd is None:
        return ""
    unsure = r.kind == "clarify"  # what was understood, less the intent it is asking about
    parts = [] if unsure else [_READ_AS.get(rd.intent, rd.intent)]
    if rd.from_articles and not unsure:  # the scope gate's decision, visible: no keyword put it in scope
        parts[0] += " (no leaderboard subject; answered because the articles discuss it)"
    category = r.category or rd.category
    if rd.other_domain and not unsure and rd.intent != "explain":  # never answered as if it were what was asked
        parts.append(f"{label(rd.other_domain)} (not a category in my data"
                     + (f"; answered for {label(category)})" if category else ")"))
    elif category:
        parts.append(" + ".join(label(c) for c in (category, *rd.more_categories)))
    if rd.intent == "best" and not unsure:
        parts.append(f"top {rd.top} · {_SIDE[rd.group]}")
    elif rd.intent in ("gap", "trend", "catch_up") and not unsure:
        parts.append("open vs proprietary")
    if rd.models or rd.unknown_models:
        parts.append(" vs ".join([*(_model_read(m, rd) for m in rd.models),
                                  *(f"{m} (no such model in my data)" for m in rd.unknown_models)]))
    board = f"{r.benchmark} {day(r.snapshot)}".strip() if r.benchmark else ""
    if unsure:  # nothing answered yet: what was asked, as asked
        return " · ".join([*parts, *(x for x in (rd.benchmark, rd.date and date_words(rd.date)) if x)])
    if rd.benchmark and not (r.benchmark and board_matches(rd.benchmark, r.benchmark)):
        parts.append(f"{rd.benchmark} (not in my data" + (f"; answered from {board})" if board else ")"))
        board = ""
    if rd.date:
        asked = date_words(rd.date)
        if r.snapshot and r.trend is None and not _in_span(rd.date, r.snapshot):
            parts.append(f"{asked} (no board from then" + (f"; answered from {board})" if board else ")"))
            board = ""
        else:
            parts.append(asked)
    if board and r.kind != "explain":
        parts.append(board)
    return " · ".join(parts)


def _model_read(name: str, rd: Reading) -> str:
    """A model as read: with the similar model it is not ("GLM-4.6 (not GLM-4.6V)"), or the family it was taken
    for when the question gave no version ("Claude Opus 4.7 (newest "claude opus")")."""
    near, families = dict(rd.near_misses), dict(rd.families)
    if name in families:
        return f'{name} (newest "{families[name]}"' + (" on this board)" if rd.families_on_board else ")")
    return f"{name} (not {near[name]})" if name in near else name


def _in_span(span: str, d: date) -> bool:
    month = d.isoformat()[:7]
    if span.startswith(">="):
        return month >= span[2:]
    if span.startswith("<="):
        return month <= span[2:]
    first, _, last = span.partition("..")
    return first <= month <= (last or first)


def choice_words(intent: str, r: Result) -> tuple[str, str]:
    """One reading to offer back, in two forms: a short label (a button, a list item: "Gap on Coding",
    "GLM-4.6 vs GPT-5.1") and the question that says it plainly ('' when there is none; the CLI lists it)."""
    rd = r.reading
    models = rd.models if rd else ()
    side = {True: "open", False: "proprietary", None: ""}[rd.group if rd else None]
    on, on_q = (f" on {label(r.category)}", f" on {r.category}") if r.category else ("", "")
    two = len(models) >= 2
    words = {
        "gap": (f"Gap{on}", f"how far behind are open models{on_q}?"),
        "best": (" ".join(x for x in ("Best", side, "models") if x) + on,
                 " ".join(x for x in ("which", side, "models are best") if x) + f"{on_q}?"),
        "trend": (f"Trend of the gap{on}", f"is the gap{on_q} shrinking?"),
        "compare": (" vs ".join(models) + on if two else f"Comparison{on}",
                    f"how does {models[0]} compare to {models[1]}{on_q}?" if two else ""),
        "model": (f"{models[0]}{on}" if models else f"One model{on}",
                  f"how good is {models[0]}{on_q}?" if models else ""),
        "catch_up": (f"When open models caught up with {models[0]}" if models else "Catch-up",
                     f"when did open models catch up with {models[0]}?" if models else ""),
        "explain": ("What the articles say", f"what do the articles say about the gap{on_q}?"),
    }
    short, question = words.get(intent, (intent, ""))
    return short[:80], question


def _link(url: str) -> str:
    """An allowed URL as a link; any other (gapbot.inert left it without its scheme) as plain text."""
    return f"<{url}>" if url.startswith(("http://", "https://")) else url


def _host(url: str) -> str:
    host = re.sub(r"(?i)^https?://", "", url).split("/", 1)[0]
    return host.removeprefix("www.")


def _file_name(publisher: str) -> bool:
    """A publisher that is only the article's file name (nothing better was known)."""
    return bool(re.search(r"\.(txt|md|markdown|html?)$", publisher, re.I))


def cited_by(c: Citation) -> str:
    """Who said it, for an inline attribution: "gapbot's own notes", "RiffOn", "Jane Doe (semianalysis.com)"."""
    if c.own:
        return "gapbot's own notes"
    where = "" if _file_name(c.publisher) else (c.publisher or _host(c.url))
    if c.author and where:
        return f"{c.author} ({where})"
    return c.author or where or (f"the article *{c.title}*" if c.title else "an article in the corpus")


def cited_source(c: Citation, n: int | None = None) -> str:
    """The source of a citation: title, who wrote it, where it was published, its date and a link when there is one.
    gapbot's own notes say so, and list what they are based on."""
    mark = f"[{n}] " if n is not None else ""
    when = day(c.date) or "undated"
    if c.own:
        based = [f"{s.title} {_link(s.url)}".strip() if s.url else s.title for s in c.based_on[:BASED_ON_SHOWN]]
        more = f" and {len(c.based_on) - BASED_ON_SHOWN} more" if len(c.based_on) > BASED_ON_SHOWN else ""
        on = f", based on: {'; '.join(based)}{more}" if based else ""
        return f"{mark}gapbot's own note *{c.title or 'untitled'}* ({when}){on}"
    where = "" if _file_name(c.publisher) else (c.publisher or _host(c.url))
    parts = [f"*{c.title}*" if c.title and c.title != where else "", f"by {c.author}" if c.author else "", where,
             when, _link(c.url) if c.url else ""]
    return mark + ", ".join(p for p in parts if p)


def citation(c: Citation, n: int | None = None, limit: int = QUOTE_CHARS) -> str:
    """A cited passage as a short one-paragraph markdown quote (at most `limit` characters, cut at sentence ends,
    around the sentences that answer; no headings, no timestamps) and its source."""
    text = quote(c.passage, c.answer, limit)
    return f"> {text}\n— {cited_source(c, n)}" if text else f"— {cited_source(c, n)}"


def age_text(r: Result) -> str | None:
    """'newest data 2026-06-30, 153 days old' for the footer of every answer resting on dated data."""
    if r.data_date is None or r.age_days is None:
        return None
    days = "from today" if r.age_days <= 0 else f"{r.age_days} day{'s' if r.age_days != 1 else ''} old"
    return f"newest data {day(r.data_date)}, {days}"


def stale_warning(r: Result) -> str:
    """The first line of an answer whose newest data is past the configured age."""
    if not r.stale or r.data_date is None:
        return ""
    return f"⚠ Old data: the newest is from {day(r.data_date)}, {r.age_days} days ago."
