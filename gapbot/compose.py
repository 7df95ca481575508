"""The composer: a `Result` in words. The one place an answer's wording is made, for every edge: the CLI prints
`Words.markdown`, `ask --json` carries it as `answer`, the bot packs the headline, fields, quotes and notes into
embeds. Deterministic; an optional LLM may rewrite the markdown afterwards (gapbot.llm), keeping every figure.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from gapbot.categories import label
from gapbot.extract import about_direction, quote, stance
from gapbot.inert import DEFAULT_LINK_HOSTS, allowed_url, inert
from gapbot.phrases import (
    age_text,
    choice_words,
    citation,
    cited_by,
    cited_source,
    day,
    defang,
    excerpt,
    fit_line,
    gap_fields,
    gap_headline,
    gap_phrase,
    num,
    quality_line,
    reading_line,
    row_line,
    source_line,
    stale_warning,
    time_gap_line,
    unknown_note,
    who,
)
from gapbot.result import FrontierStep, ModelEntry, Result
from gapbot.units import unit

HELP = ("I answer questions about the gap between open-weights and proprietary AI models, from leaderboard data "
        "(LiveBench, Aider, LMArena, Epoch AI, SWE-bench) and articles. Try:\n"
        "• how far behind is the best open model on coding?\n"
        "• which open model is best at math?\n"
        "• is the gap on reasoning shrinking?\n"
        "• how does DeepSeek V3.2 compare to GPT-5.1?\n"
        "• when did open models catch up with GPT-4o?\n"
        "• why are open models catching up?")
SOURCE_NAMES = {"livebench": "LiveBench", "aider": "Aider", "lmarena": "LMArena", "epoch": "Epoch AI",
                "swebench": "SWE-bench", "upload": "Uploaded", "artificialanalysis": "Artificial Analysis",
                "openllm": "Open LLM Leaderboard", "openrouter": "OpenRouter", "helm": "HELM", "vellum": "Vellum"}
MAX_QUOTES = 3  # an explain answer quotes at most this many passages
# answered from one board: a sources line
BOARD_KINDS = ("gap", "best", "trend", "frontier", "compare", "model", "catch_up")
_ANGLE_URL = re.compile(r"<(https?://[^>\s]+)>")
_UNESCAPE = re.compile(r"\\([\\*_~`|\[\]#>-])")


@dataclass(frozen=True, slots=True)
class Words:
    """An answer's words. Mentions in anything that came from files are already defused."""

    headline: str  # plain text, one sentence
    warning: str = ""  # said before anything else: the data is older than GAPBOT_STALE_AFTER_DAYS
    choices: tuple[tuple[str, str], ...] = ()  # (intent, short label): readings offered back (buttons in Discord)
    reading: str = ""  # how the question was read ("Gap · Coding · open vs proprietary · LiveBench 2026-01-08")
    fields: tuple[tuple[str, str], ...] = ()  # (name, value): the figures; values may hold markdown and newlines
    notes: tuple[str, ...] = ()
    quotes: tuple[str, ...] = ()  # cited passages, each a markdown quote and its source
    body: str = ""  # prose for replies without figures (what the bot can answer)
    sources_line: str = ""  # markdown: source, snapshot, link, what open means
    footer: str = ""  # the same as plain text, with the snapshot date
    url: str | None = None  # the source's page
    ok: bool = True
    markdown: str = ""  # all of the above as one markdown text
    polished: bool = False  # an LLM rewrote the markdown (its figures verified)


Draft = tuple[str, list[tuple[str, str]], list[str]]  # headline, fields, notes


def compose(result: Result, llm: str | None = None, link_hosts: frozenset[str] = DEFAULT_LINK_HOSTS) -> Words:
    """The words of a result; with `llm` (e.g. 'openai:gpt-4o-mini') the markdown may be polished into prose.
    Text from files is made inert first (gapbot.inert): links only to `link_hosts`."""
    result = inert(result, link_hosts)
    headline, fields, notes = _COMPOSERS[result.kind](result)
    fields = [*fields, *(_more_field(m) for m in result.more), *_domains_ranked(result)]
    body = HELP if result.refusal is not None and result.refusal.reason in ("empty", "off_topic", "unanswered") else ""
    offered = [(c, *choice_words(c, result)) for c in result.choices]
    if result.kind == "clarify":
        body = "\n".join(f"{i}. {short}" + (f": “{q}”" if q else "") for i, (_c, short, q) in enumerate(offered, 1))
    quotes = [citation(c) for c in result.citations]
    if result.kind == "explain" and result.citations:
        body, quotes = _explain_text(result)
    sources = (source_line(result.benchmark, result.snapshot, result.source_url, result.data_through)
               if result.kind in BOARD_KINDS else "")
    words = Words(headline=defang(headline), warning=stale_warning(result), reading=defang(_reading(result)),
                  fields=tuple((defang(n), defang(v)) for n, v in fields),
                  notes=tuple(defang(n) for n in notes), quotes=tuple(defang(q) for q in quotes), body=defang(body),
                  sources_line=defang(sources), footer=defang(_footer(sources, result)),
                  url=result.source_url if result.source_url and allowed_url(result.source_url, link_hosts) else None,
                  ok=result.ok, choices=tuple((c, defang(short)) for c, short, _q in offered))
    words = replace(words, markdown=markdown_of(words))
    if llm and words.ok:
        from gapbot.llm import polish

        words = polish(words, result, llm)
    return words


def _reading(r: Result) -> str:
    """The reading line, with a leaderboard asked for that the index lacks said in it ("Artificial Analysis (not in
    my data)"), as a benchmark or a date it lacks is."""
    line = reading_line(r)
    why = r.refusal
    if line and why is not None and why.reason == "no_board" and r.source and r.source not in why.sources:
        line += f" · {SOURCE_NAMES.get(r.source, r.source)} (not in my data)"
    return line


def _more_field(r: Result) -> tuple[str, str]:
    """Another domain asked about in the same question ("the gap on reasoning and math"): its own answer's headline
    and board, as one field named by the domain."""
    name = label(r.category or (r.reading.category if r.reading else None) or "overall")
    if r.refusal is not None:
        return name, _COMPOSERS[r.kind](r)[0]
    headline = _COMPOSERS[r.kind](r)[0]
    board = f" ({r.benchmark} {_when(r)})" if r.benchmark and r.kind in BOARD_KINDS and day(r.snapshot) not in \
        headline else ""
    return name, headline + board


def _domains_ranked(r: Result) -> list[tuple[str, str]]:
    """Where the gap is biggest among the domains asked about together ("is the gap bigger on coding than on
    math?"): each gap, largest first. Only gaps in one unit are set side by side; boards that differ are said to."""
    answers = [r, *r.more]
    if len(answers) < 2 or any(a.kind != "gap" or a.gap is None or a.gap.points is None for a in answers):
        return []
    if len({unit(a.benchmark) for a in answers}) > 1:
        return []
    ranked = sorted(answers, key=lambda a: -(a.gap.points or 0.0))  # type: ignore[union-attr]
    parts = [f"{label(a.category or 'overall')} ({gap_phrase(a.gap.points, a.benchmark)})"  # type: ignore[union-attr]
             for a in ranked]
    boards = {a.benchmark for a in answers}
    caveat = "" if len(boards) == 1 else f" — from different boards ({', '.join(sorted(b or '?' for b in boards))})"
    return [("Biggest gap", f"{parts[0]}, then " + ", then ".join(parts[1:]) + caveat)]


def markdown_of(w: Words) -> str:
    """All of an answer's words as one markdown text (what the CLI prints)."""
    parts = [f"**{w.warning}**"] if w.warning else []
    parts += [f"_Read as: {w.reading}_"] if w.reading else []
    parts += [f"**{w.headline}**"] if w.headline else []
    if w.body:
        parts.append(w.body)
    for name, value in w.fields:
        parts.append(f"**{name}:** {value}" if "\n" not in value else f"**{name}:**\n{value}")
    parts += list(w.quotes)
    parts += [f"_{n}_" for n in w.notes]
    if w.sources_line:
        parts.append(w.sources_line)
    return "\n\n".join(parts)


def _footer(sources: str, r: Result) -> str:
    """The sources line as plain text (no angle brackets around the link), naming the snapshot date."""
    line = _UNESCAPE.sub(r"\1", _ANGLE_URL.sub(r"\1", sources)).strip()  # a footer shows no markdown
    snapshot = day(r.snapshot)
    if snapshot and snapshot not in line:
        line = f"{line} · snapshot {snapshot}" if line else f"Snapshot {snapshot}"
    if (age := age_text(r)) is not None:
        line = f"{line} · {age}" if line else age
    return line


def _when(r: Result) -> str:
    """The board's date, and the date its data runs to where that is later (a release table filled in for months)."""
    later = f", data to {day(r.data_through)}" if r.data_through and r.snapshot and r.data_through > r.snapshot else ""
    return f"{day(r.snapshot)}{later}"


def _board_when(b) -> str:
    """Another board's date, and the date its data runs to where later."""
    through = b.gap.data_through
    return day(b.snapshot) + (f", data to {day(through)}" if through and b.snapshot and through > b.snapshot else "")


def _point_date(p) -> str:
    """A trend point's date; a live board's last point also names the release it comes from."""
    if p.board and p.board != p.snapshot:
        return f"{day(p.snapshot)} (the {day(p.board)} release as its data stood then)"
    return day(p.snapshot)


# -- one composer per kind of result --------------------------------------------------------------------------------
def _gap(r: Result) -> Draft:
    g = r.gap
    notes = [n for n in [unknown_note(g)] if n]
    if (s := r.sibling) is not None:
        notes.append(f"Agentic coding on {s.benchmark} (same snapshot): best open {s.gap.best_open.name} "
                     f"{num(s.gap.best_open.score)} vs {s.gap.best_closed.name} {num(s.gap.best_closed.score)}: "
                     f"{gap_phrase(s.gap.points, s.benchmark)}.")
    for o in r.also:
        notes.append(f"Also: {o.benchmark} ({_board_when(o)}): {gap_phrase(o.gap.points, o.benchmark)} "
                     f"({o.gap.best_open.name} vs {o.gap.best_closed.name}).")
    if r.unscored:
        notes.insert(0, f"No {label(r.category)} board I have scores {r.unscored}: the gap shown is between the "
                        "best model on each side.")
    return gap_headline(r.category, r.benchmark, g), gap_fields(g, r.benchmark), notes


def _best(r: Result) -> Draft:
    # Both sides together are "the best model on Math", not "the best overall model on Math" (overall is a category).
    group = {True: "open-weights ", False: "proprietary ", None: ""}[r.group]
    top, g = r.leaders, r.gap
    lead = top[0] if top else None
    by_value = r.reading is not None and r.reading.sort == "value"
    best = "Best-value" if by_value else "Best"
    if r.labs:
        return _best_of_labs(r, best, group)
    headline = (f"{best} {group}model on {label(r.category)} ({r.benchmark}, {_when(r)}): "
                f"{lead.name} — {num(lead.score)}." if lead else "No models found.")
    fields = [(f"Top {len(top)} {group}".rstrip(), "\n".join(row_line(i, m) for i, m in enumerate(top, 1)))]
    if r.group is True and g.best_closed:
        fields.append(("Best proprietary, for comparison", who(g.best_closed)))
    elif r.group is False and g.best_open:
        fields.append(("Best open-weights, for comparison", who(g.best_open)))
    elif r.group is None and g.best_open and g.best_open not in top:
        fields.append(("Best open-weights", who(g.best_open)))
    if g.points is not None:
        fields.append(("Quality gap", quality_line(g, r.benchmark)))
    return headline, fields, []


def _best_of_labs(r: Result, best: str, group: str) -> Draft:
    """"deepseek's best model": the lab's models, each with its rank on the whole board, and the board's leaders
    on each side beside them."""
    top, g, labs = r.leaders, r.gap, " or ".join(r.labs)
    lead = top[0]
    if r.group is not None and all(m.open_weights is not r.group for m in top):
        # asked for a side the lab has no scored model on: its best on the other side, said as such
        group = ""
        asked, other = ("open-weights", "proprietary") if r.group else ("proprietary", "open-weights")
        headline = (f"No {labs} {asked} model is scored on {label(r.category)}; its best there ({r.benchmark}, "
                    f"{_when(r)}) is {other}: {lead.name} — {num(lead.score)}, #{lead.rank} of {r.board_size} on "
                    "the board.")
    else:
        headline = (f"{best} {labs} {group}model on {label(r.category)} ({r.benchmark}, {_when(r)}): {lead.name} — "
                    f"{num(lead.score)}, #{lead.rank} of {r.board_size} on the board.")
    fields = [(f"{labs} {group}models, by rank on the board".replace("  ", " "),
               "\n".join(f"#{m.rank} {who(m)}" for m in top))]
    for name, entry in (("Best proprietary on the board", g.best_closed if g else None),
                        ("Best open-weights on the board", g.best_open if g else None)):
        if entry is not None and entry.id not in {m.id for m in top}:
            fields.append((name, who(entry)))
    return headline, fields, []


def _trend(r: Result) -> Draft:
    t = r.trend
    first, last = t.points[0], t.points[-1]
    verdict = {"shrinking": "shrinking", "growing": "growing", "flat": "roughly flat",
               "unclear": "not clearly moving either way (it swings more than it trends)",
               "unknown": "not measurable (one snapshot)"}[t.direction]
    u = unit(r.benchmark)
    headline = (f"{label(r.category)} on {r.benchmark}: the gap is {verdict} — {num(first.gap_points)} {u} "
                f"({day(first.snapshot)}) → {num(last.gap_points)} {u} ({day(last.snapshot)}).")
    fields = [("Gap per snapshot", "\n".join(
        f"{_point_date(p)}: {num(p.gap_points)}{' (a statistical tie)' if p.tie else ''} ({p.best_open.name} "
        f"{num(p.best_open.score)} vs {p.best_closed.name} {num(p.best_closed.score)})" for p in t.points[-12:]))]
    if t.change is not None:
        fields.append(("Change", fit_line(t, len(t.points), u)))
    notes = []
    if r.source == "livebench":
        notes.append("LiveBench replaces its questions with each release, so compare gaps between releases, "
                     "not raw scores.")
    if t.partial:
        notes.append(f"Left out as partial boards (under half the models of the others): "
                     f"{', '.join(day(d) for d in t.partial)}.")
    if t.rebuilt:
        notes.append(f"{r.benchmark} is one cumulative board: each point is the board as it stood on that date.")
    return headline, fields, notes


def _frontier(r: Result) -> Draft:
    f, g = r.frontier, r.gap
    o, c = f.open[-1].model, f.closed[-1].model
    headline = (f"{label(r.category)} on {r.benchmark} ({day(r.snapshot)}): the open-weights frontier is "
                f"{num(o.score)} ({o.name}), the proprietary frontier {num(c.score)} ({c.name}).")
    fields = [("Open-weights records", _steps(f.open)), ("Proprietary records", _steps(f.closed)),
              ("Time gap", time_gap_line(g))]
    dated = ("by the date the board first listed it, as the time gap is" if f.date_kind == "listing"
             else "by release (else by the date the source first listed it)")
    notes = [f"Each record is a model that beat every earlier model of its group on this board, dated {dated}."]
    if f.undated:
        notes.append(f"{f.undated} model(s) without a release date were left out.")
    return headline, fields, [*notes, *[n for n in [unknown_note(g)] if n]]


def _steps(steps: tuple[FrontierStep, ...]) -> str:
    return "\n".join(f"{day(s.date)}: {s.model.name} {num(s.model.score)}" for s in steps[-8:])


def _compare(r: Result) -> Draft:
    ranked = sorted(r.models, key=lambda m: -m.score)  # stable: two equal scores keep the order asked
    leader, trailer = ranked[0], ranked[-1]
    diff = round(leader.score - trailer.score, 2)
    scores = " vs ".join(f"{m.name} {num(m.score)}" for m in ranked)
    between = "a difference of" if len(ranked) == 2 else "first to last,"
    headline = (f"{label(r.category)} on {r.benchmark} ({_when(r)}): {scores} — {between} {num(diff)} "
                f"{unit(r.benchmark)}.")
    fields = [(m.name, f"{num(m.score)} · {m.status} · rank {m.rank} of {r.board_size}") for m in r.models]
    notes = []
    if r.requested_category:
        every = "both models" if len(r.models) == 2 else "all of these models"
        notes.append(f"No board has {every} in {label(r.requested_category)}; this is {label(r.category)}.")
    return headline, fields, notes


def _model(r: Result) -> Draft:
    m, g = r.models[0], r.gap
    headline = (f"{m.name} on {r.benchmark} {label(r.category)} ({_when(r)}): {num(m.score)}, rank "
                f"{m.rank} of {r.board_size} ({m.status}).")
    fields = [("Score", num(m.score)), ("Status", m.status), ("Rank", f"{m.rank} of {r.board_size}")]
    if r.other_categories:
        fields.append(("Other categories, same snapshot",
                       "\n".join(f"{label(c)}: {num(s)}" for c, s in r.other_categories)))
    if m.open_weights is True and g.best_closed:
        fields.append(("Best proprietary here", who(g.best_closed)))
    elif m.open_weights is False and g.best_open:
        fields.append(("Best open-weights here", who(g.best_open)))
    return headline, fields, []


def _catch_up(r: Result) -> Draft:
    cu = r.catch_up
    t = cu.target
    where = f"{r.benchmark} {label(r.category)} ({_when(r)})"
    if cu.first_open is None:
        best = r.gap.best_open
        headline = (f"No open model has matched {t.name} ({num(t.score)}) on {where} yet"
                    + (f"; the best open model, {best.name}, scores {num(best.score)}." if best else "."))
        return headline, [("Target", who(t)), ("Best open-weights", who(best))], []
    o = cu.first_open
    when = f"{cu.months:g} months after" if cu.months is not None and cu.months > 0 else "no later than"
    kind = {"release": "released", "listing": "first listed"}.get(cu.date_kind, "dated")
    headline = (f"On {where}, the first open model to match {t.name} ({num(t.score)}) was {o.name} "
                f"({num(o.score)}), {kind} {day(cu.open_date, 'unknown')}.")
    return headline, [("Target", who(t)), ("First open model to match", who(o)),
                      ("Time to catch up", f"{when} {t.name} ({kind + ' ' if cu.date_kind else ''}"
                                           f"{day(cu.target_date, 'date unknown')})")], []


def _explain(r: Result) -> Draft:
    headline = ("Here is what the articles in the corpus say:" if r.citations
                else "I found no article passages on that in the corpus.")
    fields = []
    if (c := r.context) is not None:  # the computed figure that bears on it, with its source and date
        fields.append(("Computed from leaderboard data",
                       f"On {c.benchmark} ({day(c.snapshot)}), {label(c.category).lower()}: "
                       f"{gap_phrase(c.gap.points, c.benchmark)} "
                       f"({c.gap.best_open.name} vs {c.gap.best_closed.name})."))
    return headline, fields, []


def _explain_text(r: Result) -> tuple[str, list[str]]:
    """The direct answer first (the best passage's own sentences, attributed inline), then both sides where the
    cited sources disagree on the direction of the gap; and at most MAX_QUOTES short quotes, each with its source.
    The lead's quote is its answer, so its citation shows the source only."""
    cites = r.citations[:MAX_QUOTES]
    lead = cites[0]
    lines = []
    if lead.answer:
        who = cited_by(lead)
        lines.append(f"According to {who}: “{lead.answer}” [1]")
    if about_direction(r.question):
        said: dict[str, dict[str, list[int]]] = {}  # side -> who -> citation numbers
        for n, c in enumerate(cites, 1):
            if (side := stance(c.passage)) is not None:
                said.setdefault(side, {}).setdefault(cited_by(c), []).append(n)
        if len(said) == 2:
            lines.append("Sources disagree on the direction. " + " ".join(
                f"The gap is {side}: " + ", ".join(f"{who} {''.join(f'[{n}]' for n in ns)}"
                                                   for who, ns in said[side].items()) + "."
                for side in ("growing", "shrinking")))
    quotes = []
    first: dict[str, int] = {}  # document -> the number it was first cited under
    for n, c in enumerate(cites, 1):
        source = f"[{n}] the same source as [{first[c.document]}]" if c.document in first else cited_source(c, n)
        first.setdefault(c.document, n)
        text = "" if n == 1 and lead.answer else quote(c.passage, c.answer)  # the lead's answer is quoted above
        quotes.append(f"> {text}\n— {source}" if text else f"— {source}")
    return "\n\n".join(lines), quotes


def _sources(r: Result) -> Draft:
    corpus = r.corpus
    lines = []
    for lb in corpus.leaderboards:
        s = lb.snapshots
        span = day(s[0]) if len(s) == 1 else f"{len(s)} snapshots, {day(s[0])} → {day(s[-1])}"
        lines.append(f"• {lb.benchmark} ({lb.family}): {span}, up to {lb.models} models")
    fields = [("Leaderboards", "\n".join(lines) or "none yet")]
    if corpus.articles:
        fields.append((f"Articles ({len(corpus.articles)})", "\n".join(f"• {t}" for t in corpus.articles[:20])))
    if corpus.unknown_models:
        fields.append(("Open/closed status unknown", f"{corpus.unknown_models} models (left out of open-vs-closed "
                       "comparisons until the registry knows them)"))
    refreshed = corpus.refreshed_at.isoformat() if corpus.refreshed_at else "never"
    fields.append(("Last refreshed", f"{refreshed} (generation {corpus.generation})"))
    return "What is in the corpus", fields, []


def _refusal(r: Result) -> Draft:
    why = r.refusal
    if why.reason == "empty":
        return "Ask me something about AI models.", [], []
    if why.reason == "off_topic":
        return "That's outside what I know about.", [], []
    if why.reason == "unanswered":
        return "Nothing in the articles I have comes close to that, and it isn't a leaderboard question.", [], []
    if why.reason == "nothing_ingested":
        return "Nothing has been ingested yet: run `gapbot ingest` (or /refresh).", [], []
    if why.reason == "no_models":
        return "Name the model(s) you mean, e.g. 'how does DeepSeek V3.2 compare to GPT-5.1?'", [], []
    if why.reason == "not_found":
        together = " together" if len(why.names) > 1 else ""
        return f"I found no leaderboard that scores {' and '.join(why.names)}{together}.", [], []
    if r.source and not why.available:  # a leaderboard with no data at all (SWE-bench today): say so, never substitute
        have = ", ".join(SOURCE_NAMES.get(s, s) for s in why.sources) or "none yet"
        closest = (f" The closest board I have for {label(why.category)} is {why.closest}: ask without naming a "
                   f"leaderboard to get it." if why.closest else "")
        return (f"I have no {SOURCE_NAMES.get(r.source, r.source)} data yet, so I cannot answer that from it."
                f"{closest} Leaderboards I have: {have}."), [], []
    where = f" from {SOURCE_NAMES.get(r.source, r.source)}" if r.source else ""
    have = f" Categories I can answer: {', '.join(why.available)}." if why.available else ""
    return (f"I have no leaderboard{where} that scores both open and proprietary models on "
            f"{label(why.category)}.{have}"), [], []


def _clarify(r: Result) -> Draft:
    return ("I'm not sure which of these you mean; pick one, or ask again in other words:", [], [])


_COMPOSERS: dict[str, Callable[[Result], Draft]] = {
    "clarify": _clarify,
    "gap": _gap, "best": _best, "trend": _trend, "frontier": _frontier, "compare": _compare, "model": _model,
    "catch_up": _catch_up, "explain": _explain, "sources": _sources, "refusal": _refusal,
}


# -- the JSON form (`gapbot ask --json`) ------------------------------------------------------------------------------
def as_json(r: Result, words: Words) -> dict:
    """The documented JSON shape: figures as numbers, dates as ISO strings, and the composed words."""
    g = r.gap
    return {
        "question": r.question,
        "intent": r.intent,
        "category": r.category,
        "source": r.source,
        "benchmark": r.benchmark,
        "snapshot": day(r.snapshot) or None,
        "data_through": day(r.data_through) or None,
        "source_url": r.source_url,
        "best_open": _ref(g.best_open) if g else None,
        "best_closed": _ref(g.best_closed) if g else None,
        "gap_points": g.points if g else None,
        "gap_relative_pct": g.relative_pct if g else None,
        "gap_months": r.gap_months,
        "gap_months_dates": (g.date_kind or None) if g else None,
        "gap_months_at_least": g.censored_months if g else None,
        "trend": [{"snapshot": day(p.snapshot), "gap_points": p.gap_points, "best_open": round(p.best_open.score, 2),
                   "best_closed": round(p.best_closed.score, 2), "best_open_model": p.best_open.name,
                   "best_closed_model": p.best_closed.name, "board": day(p.board) or None, "months": p.months}
                  for p in (r.trend.points if r.trend else ())],
        "trend_direction": r.trend.direction if r.trend else None,
        "frontier": {group: [{"date": day(s.date) or None, **_ref(s.model)} for s in steps]
                     for group, steps in (("open", r.frontier.open), ("proprietary", r.frontier.closed))}
                    if r.frontier else None,
        "leaders": [_ref(m) for m in r.leaders],
        "labs": list(r.labs),
        "models": _models(r),
        "headline": words.headline,
        "answer": words.markdown,
        "citations": [{"title": c.title, "source": c.url or c.publisher, "date": day(c.date) or None,
                       "excerpt": excerpt(c.passage), "document": c.document, "author": c.author or None,
                       "publisher": c.publisher or None, "url": c.url or None, "answer": c.answer or None,
                       "own_notes": c.own, "based_on": [{"title": s.title, "url": s.url or None}
                                                        for s in c.based_on]} for c in r.citations],
        "notes": list(words.notes),
        "polished": words.polished,
        "choices": list(r.choices),
    }


def _ref(m: ModelEntry | None) -> dict | None:
    if m is None:
        return None
    return {"model": m.name, "id": m.id, "score": round(m.score, 2), "organization": m.organization or None,
            "release_date": day(m.release_date) or None, "open_weights": m.open_weights,
            **({"cost_per_question": m.cost_per_question, "cost_per_solved": m.cost_per_solved}
               if m.cost_per_question is not None else {})}


def _models(r: Result) -> list[dict]:
    cu = r.catch_up
    if cu is not None and cu.first_open is not None:
        return [{"model": m.name, "id": m.id, "score": m.score, "date": day(d) or None}
                for m, d in ((cu.target, cu.target_date), (cu.first_open, cu.open_date))]
    return [{"model": m.name, "id": m.id, "score": round(m.score, 2), "organization": m.organization,
             "open_weights": m.open_weights, "status": m.status, "rank": m.rank,
             "release_date": day(m.release_date) or None} for m in r.models]
