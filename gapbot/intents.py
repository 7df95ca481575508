"""One handler per intent, each turning a parsed query and the served index into a `Result` (figures, no words).

`HANDLERS` is the dispatch table; `gapbot.engine.Engine.run` looks the intent up there.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime

from gapbot import boards, frontier, gap
from gapbot.models import Passage, ScoreRow
from gapbot.question import MAX_COMPARED, Query, unsteered
from gapbot.result import (
    BoardGap,
    CatchUp,
    Citation,
    Corpus,
    Frontier,
    FrontierStep,
    GapFigures,
    Leaderboard,
    ModelEntry,
    Refusal,
    Result,
    Trend,
    TrendPoint,
    to_date,
)
from gapbot.serving import BoardKey, Index, family


@dataclass(frozen=True, slots=True)
class Context:
    idx: Index
    search: Callable[[str], list[Passage]]  # article passages for a question (explain)


Handler = Callable[[Query, Context], Result]


# -- shared -----------------------------------------------------------------------------------------------------------
def on_board(q: Query, idx: Index, key: BoardKey, kind: str | None = None, anchor: str | None = None,
             **figures) -> Result:
    """A result answered from one board: its source, snapshot, link and gap (to the model `anchor`, where given),
    plus the handler's own figures."""
    rows = boards.rows_as_of(idx, key, q.as_of)
    url = next((r.source_url for r in rows if r.source_url), "")
    return Result(question=q.text, intent=q.intent, kind=kind or q.intent, category=key[3], source=family(key[0]),
                  benchmark=key[1], snapshot=to_date(key[2]), data_through=_later(gap.data_through(rows), key[2]),
                  source_url=url or None, gap=GapFigures.of(gap.quality_gap(rows, anchor)), **figures)


def _later(through: str, snapshot: str) -> date | None:
    """The date a board's data runs to, where it is later than the board's own date (else None: nothing to say)."""
    return to_date(through) if through[:10] > snapshot[:10] else None


def board_gap(idx: Index, key: BoardKey) -> BoardGap:
    return BoardGap(key[1], to_date(key[2]), key[3], GapFigures.of(gap.quality_gap(idx.boards[key])))


def refuse(q: Query, reason: str, **details) -> Result:
    return Result(question=q.text, intent=q.intent, kind="refusal", category=q.category, source=q.source,
                  refusal=Refusal(reason, **details))


def out_of_scope(q: Query) -> Result:
    return Result(question=q.text, intent="out_of_scope", kind="refusal",
                  refusal=Refusal(q.reason if q.reason in ("empty", "unanswered") else "off_topic"))


def nothing_ingested(q: Query) -> Result:
    return refuse(q, "nothing_ingested")


def _no_board(q: Query, idx: Index, category: str) -> Result:
    closest = boards.candidates(idx, category, None) if q.source else []  # never answered from: only named
    return refuse(q, "no_board", category=category, available=tuple(boards.available_categories(idx, q.source)),
                  sources=tuple(sorted({family(k[0]) for k in idx.boards})),
                  closest=f"{closest[0][1]} ({closest[0][2][:10]})" if closest else "")


def _not_found(q: Query, idx: Index, ids: list[str]) -> Result:
    if not ids and not q.unknown_models:
        return refuse(q, "no_models")
    names = tuple(i[4:] if i.startswith("org:") else idx.names.get(i, i) for i in ids) + q.unknown_models
    return refuse(q, "not_found", names=names)


def _ranked_entry(row: ScoreRow, ranked: list[ScoreRow]) -> ModelEntry:
    return ModelEntry.of(row, rank=ranked.index(row) + 1)


def family_alternatives(q: Query, idx: Index, result: Result, limit: int = 6) -> Iterator[Query]:
    """Where a model or comparison found no board for a family's newest model ("claude opus on aider": Claude Opus
    4.7, which Aider never ran), the same question with the family's older models, newest first (at most `limit`
    each), so that the answer is the newest that the leaderboard asked about scores, never "no leaderboard scores
    it"."""
    if q.intent not in ("model", "compare") or not q.families or result.refusal is None \
            or result.refusal.reason != "not_found":
        return
    until = q.as_of.isoformat() if q.as_of else None
    taken = [mid for mid, _ in q.families]
    members = [idx.matcher.family_members(phrase, until)[:limit] or [mid] for mid, phrase in q.families]
    for chosen in itertools.product(*members):
        if list(chosen) == taken:
            continue
        swap = dict(zip(taken, chosen, strict=True))
        yield replace(q, models=[swap.get(m, m) for m in q.models],
                      families=tuple((swap[m], phrase) for m, phrase in q.families))


# -- intents ----------------------------------------------------------------------------------------------------------
def gap_answer(q: Query, ctx: Context) -> Result:
    idx = ctx.idx
    category = q.category or boards.default_category(idx, q.source)
    keys = boards.candidates(idx, category, q.source, as_of=q.as_of)
    keys = boards.prefer_benchmark(keys, q.benchmark)
    if not keys:
        return _no_board(q, idx, category)
    # "how far behind gpt-5 is the best open model", "how far is glm 4.6 from the top": the gap to (or from) the
    # one model named, on the newest board that scores it; where none does, the board's own gap, saying so
    named = [m for m in q.models if not m.startswith("org:")]
    anchor = named[0] if len(named) == 1 else None
    held = [k for k in keys if k in idx.boards_with(anchor)] if anchor else []
    key = held[0] if held else keys[0]
    unscored = idx.names.get(anchor, anchor) if anchor and not held else ""
    sibling = boards.same_snapshot(idx, "agentic coding", key) if category == "coding" else None
    return on_board(q, idx, key, "gap", anchor=anchor if held else None, unscored=unscored,
                    sibling=board_gap(idx, sibling) if sibling else None,
                    also=tuple(board_gap(idx, k) for k in boards.others(keys, key)))


def best(q: Query, ctx: Context) -> Result:
    idx = ctx.idx
    category = q.category or boards.default_category(idx, q.source)
    labs = _labs(q)
    keys = boards.candidates(idx, category, q.source, need_both=q.group is None and not labs, as_of=q.as_of)
    keys = boards.prefer_benchmark(keys, q.benchmark)
    if q.group is not None:
        keys = [k for k in keys if idx.scores_side(k, q.group)]
    if labs:  # "deepseek's best model": the boards that score that lab's models (on the side asked for)
        keys = [k for k in keys if _of_labs(boards.rows_as_of(idx, k, q.as_of), labs, q.group)]
        if not keys and q.group is not None:
            # "anthropic's best open model": none is scored; its best on either side says so (the composer
            # notes that none is on the side asked for)
            both = best(replace(q, group=None), ctx)
            return replace(both, group=q.group) if both.ok else both
        if not keys:
            return _not_found(q, idx, list(q.models))
    if not keys:
        return _no_board(q, idx, category)
    rows = boards.rows_as_of(idx, keys[0], q.as_of)
    top = gap.leaders(_of_labs(rows, labs, q.group) if labs else rows, q.group, q.top, q.sort)
    if not labs:
        return on_board(q, idx, keys[0], group=q.group, leaders=tuple(ModelEntry.of(r) for r in top))
    rank = {r.model: i for i, r in enumerate(gap.best_per_model(rows), 1)}  # on the whole board, both sides
    return on_board(q, idx, keys[0], group=q.group, leaders=tuple(ModelEntry.of(r, rank[r.model]) for r in top),
                    labs=labs, board_size=len(rank))


def with_leader(q: Query, ctx: Context) -> Query:
    """A question about "it", the leader a best-of answer named (Query.leader_of), about that model: the best-of is
    asked again on the same data. No leader (no board for it now): the question as it was, which names no model."""
    if q.leader_of is None:
        return q
    if q.models:  # named already (the engine looks it up before answering, and again on a rerun)
        return replace(q, leader_of=None)
    led = best(replace(q.leader_of, top=1), ctx)
    named = [led.leaders[0].id] if led.ok and led.leaders else []
    return replace(q, models=named, leader_of=None)


def _labs(q: Query) -> tuple[str, ...]:
    """The organizations a best-of is limited to: "google's best model", "best deepseek or qwen model" (only
    when no model is named beside them: "is deepseek's best better than gpt-5" is a comparison)."""
    labs = tuple(m[4:] for m in q.models if m.startswith("org:"))
    return labs if len(labs) == len(q.models) else ()


def _of_labs(rows: list[ScoreRow], labs: tuple[str, ...], group: bool | None) -> list[ScoreRow]:
    wanted = {lab.lower() for lab in labs}
    return [r for r in rows if r.organization.lower() in wanted and (group is None or r.open_weights is group)]


def trend(q: Query, ctx: Context) -> Result:
    # A trend walks every board of a series (hundreds of snapshots on a big corpus): computed once per generation
    # for what it depends on, then answered from the index's memo.
    key = ("trend", q.intent, q.category, q.source, q.benchmark, q.since, q.as_of)
    return replace(ctx.idx.memo(key, lambda: _trend(q, ctx)), question=q.text)


def _trend(q: Query, ctx: Context) -> Result:
    idx = ctx.idx
    category = q.category or boards.default_category(idx, q.source)
    keys = boards.candidates(idx, category, q.source, as_of=q.as_of)
    keys = boards.prefer_benchmark(keys, q.benchmark, only=True)
    chosen = boards.trend_series(idx, keys, q.since, q.as_of) if keys else None
    if chosen is None:
        return _no_board(q, idx, category)
    _fam, bench, series, rebuilt = chosen
    partial = tuple(sorted(to_date(k[2]) for k in keys if (family(k[0]), k[1]) == (_fam, bench)
                           and k[2] not in series and not rebuilt and _in_span(k[2], q)))
    points = gap.trend(series, q.as_of.isoformat() if q.as_of else None)
    if not points:
        return _no_board(q, idx, category)
    f = gap.fit(points)
    last = points[-1]
    # The newest point's board: for a rebuilt cumulative board, the board as it stood then, not a stored one.
    url = next((r.source_url for r in series[last.board] if r.source_url), "")
    return Result(question=q.text, intent=q.intent, kind="trend", category=category,
                  source=family(last.gap.best_open.source), benchmark=bench, snapshot=to_date(last.board),
                  data_through=_later(last.gap.data_through, last.board), source_url=url or None,
                  gap=GapFigures.of(last.gap),
                  trend=Trend(tuple(_trend_point(p) for p in points), f.direction, f.change, rebuilt,
                              f.slope_per_year, f.slope_se, f.first_to_last, tuple(dict.fromkeys(partial))))


def _in_span(snapshot: str, q: Query) -> bool:
    return (not q.since or snapshot[:10] >= q.since.isoformat()) and (
        not q.as_of or snapshot[:10] <= q.as_of.isoformat())


def _trend_point(p: gap.TrendPoint) -> TrendPoint:
    return TrendPoint(to_date(p.snapshot), p.gap.points, ModelEntry.of(p.gap.best_open),
                      ModelEntry.of(p.gap.best_closed), p.gap.months, to_date(p.board), p.gap.date_kind, p.gap.tie)


def frontier_answer(q: Query, ctx: Context) -> Result:
    """Both groups' best score to date against release date, on the newest board comparing both (a structured
    query: /frontier and `gapbot chart frontier`)."""
    idx = ctx.idx
    category = q.category or boards.default_category(idx, q.source)
    keys = boards.candidates(idx, category, q.source)
    if not keys:
        return _no_board(q, idx, category)
    rows = idx.boards[keys[0]]
    # Dated as the board's time gap is (release or listing dates), so the chart's arrow meets its steps; with no
    # gap in months to draw, by release dates (else first listed), the fuller view.
    g = gap.quality_gap(rows)
    f = frontier.frontiers(rows, g.date_kind if g.months and g.date_kind else "release")
    if not f.open or not f.closed:
        return _no_board(q, idx, category)
    return on_board(q, idx, keys[0], "frontier",
                    frontier=Frontier(_steps(f.open), _steps(f.closed), f.undated, f.date_kind))


def _steps(steps: list[frontier.Step]) -> tuple[FrontierStep, ...]:
    return tuple(FrontierStep(to_date(s.date), ModelEntry.of(s.row)) for s in steps)


def compare(q: Query, ctx: Context) -> Result:
    idx = ctx.idx
    category = q.category or "overall"
    ids = q.models[:MAX_COMPARED]  # "add glm 4.6 to that": a third (or fourth) model beside the two
    found = boards.resolve_models(idx, ids, category, q.source, q.as_of) if len(ids) >= 2 else None
    if found is None:
        return _not_found(q, idx, ids)
    key, resolved = found
    ranked = gap.best_per_model(idx.boards[key])
    entries = tuple(_ranked_entry(next(x for x in ranked if x.model == mid), ranked) for mid in resolved)
    return on_board(q, idx, key, models=entries, board_size=len(ranked),
                    requested_category=category if key[3] != category else None)


def model(q: Query, ctx: Context) -> Result:
    idx = ctx.idx
    ids = q.models[:1]
    found = boards.resolve_models(idx, ids, q.category or "overall", q.source, q.as_of) if ids else None
    if found is None:
        return _not_found(q, idx, ids)
    key, (mid,) = found
    ranked = gap.best_per_model(idx.boards[key])
    row = next(x for x in ranked if x.model == mid)
    return on_board(q, idx, key, models=(_ranked_entry(row, ranked),), board_size=len(ranked),
                    other_categories=_other_categories(idx, key, mid))


def _other_categories(idx: Index, key: BoardKey, mid: str) -> tuple[tuple[str, float], ...]:
    """The model's score in the other categories of the same snapshot."""
    out = []
    for k2 in sorted((k for k in idx.boards if k[:3] == key[:3] and k[3] != key[3]), key=lambda k: k[3]):
        hit = [x.score for x in idx.boards[k2] if x.model == mid]
        if hit:
            out.append((k2[3], max(hit)))
    return tuple(out)


def catch_up(q: Query, ctx: Context) -> Result:
    idx = ctx.idx
    target = q.models[0] if q.models else None
    if target is None and q.unknown_models:
        return _not_found(q, idx, [])  # "claude opus 5": a model the data does not have
    if target is None or target.startswith("org:"):
        return gap_answer(q, ctx)  # no single model to catch up with: the gap answers it
    keys = boards.catch_up_boards(idx, target, q.category or "overall", q.source)
    if not keys:
        return _not_found(q, idx, [target])
    key, cu = boards.earliest_catch_up(idx, keys, target)
    figures = CatchUp(ModelEntry.of(cu.target), ModelEntry.of(cu.first_open) if cu.first_open else None,
                      to_date(cu.target_date), to_date(cu.open_date), cu.months, cu.date_kind)
    return on_board(q, idx, key, catch_up=figures)


def explain(q: Query, ctx: Context) -> Result:
    citations = tuple(Citation.of(p) for p in ctx.search(unsteered(q.text)))
    context = None
    if ctx.idx.row_count:  # one computed figure, so the prose sits next to a current number
        keys = boards.candidates(ctx.idx, q.category or "overall", q.source)
        context = board_gap(ctx.idx, keys[0]) if keys else None
    return Result(question=q.text, intent="explain", kind="explain", category=q.category, source=q.source,
                  benchmark=context.benchmark if context else None, snapshot=context.snapshot if context else None,
                  context=context, citations=citations, refusal=None if citations else Refusal("no_passages"))


HANDLERS: dict[str, Handler] = {
    "gap": gap_answer,
    "best": best,
    "trend": trend,
    "frontier": frontier_answer,
    "compare": compare,
    "model": model,
    "catch_up": catch_up,
    "explain": explain,
}


# -- the corpus listing -----------------------------------------------------------------------------------------------
def sources(idx: Index) -> Result:
    snaps: dict[tuple[str, str], set[str]] = defaultdict(set)
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for key in idx.boards:
        src, bench, snap, _cat = key
        snaps[(family(src), bench)].add(snap)
        counts[(family(src), bench)] = max(counts[(family(src), bench)], idx.board_size[key])
    listing = tuple(Leaderboard(bench, fam, tuple(to_date(d) for d in sorted(dates)), counts[(fam, bench)])
                    for (fam, bench), dates in sorted(snaps.items()))
    m = idx.manifest
    articles = [f for f in m.files.values() if f.get("format") == "article"]
    titles = tuple(sorted(a.get("title") or a.get("name", "") for a in articles))
    return Result(question="sources", intent="sources", kind="sources",
                  corpus=Corpus(listing, titles, _timestamp(m.refreshed_at), m.generation,
                                idx.store.unknown_status_models()))


def _timestamp(value: str) -> datetime | None:
    try:
        return datetime.fromisoformat(value) if value else None
    except ValueError:
        return None
