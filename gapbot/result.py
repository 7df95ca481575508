"""What the engine returns: computed figures as data. Numbers are numbers, dates are `datetime.date`; no words.

The words (headline, fields, notes, markdown) are made from a `Result` by `gapbot.compose`, once, for every edge.
Rows keep their dates as ISO strings (that is how ingest stores them); they become dates here, in `to_date`, and
nowhere else.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import date, datetime

from gapbot import gap
from gapbot.models import Passage, ScoreRow

STATUS = {True: "open weights", False: "proprietary", None: "open/closed unknown"}


def to_date(value: str) -> date | None:
    """An ISO date string ('2026-01-08', or a longer timestamp) as a date; None for '' or anything unparseable."""
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class ModelEntry:
    """One model on one board: its best score there, and what is known about it."""

    id: str
    name: str
    organization: str
    open_weights: bool | None
    score: float
    release_date: date | None = None
    first_seen: date | None = None  # when the source first listed it (the fallback for release dates)
    rank: int | None = None  # on the board, for compare/model answers
    score_low: float | None = None  # the score's 95 % interval, where the board publishes one (LMArena)
    score_high: float | None = None
    cost_per_question: float | None = None  # $ per question and per solved task, where the board publishes cost
    cost_per_solved: float | None = None

    @classmethod
    def of(cls, row: ScoreRow, rank: int | None = None) -> ModelEntry:
        return cls(row.model, row.display_name or row.model, row.organization, row.open_weights, row.score,
                   to_date(row.release_date), to_date(row.first_seen), rank, row.score_low, row.score_high,
                   row.cost_per_question, row.cost_per_solved)

    @property
    def status(self) -> str:
        return STATUS[self.open_weights]


@dataclass(frozen=True, slots=True)
class GapFigures:
    """The quality and time gap of one board (see gapbot.gap.quality_gap)."""

    best_open: ModelEntry | None
    best_closed: ModelEntry | None
    points: float | None
    relative_pct: float | None
    months: float | None
    closed_first: ModelEntry | None  # the first proprietary model to reach the best open score
    open_first: ModelEntry | None  # the first open model to reach it
    n_unknown: int  # models left out: open/closed unknown
    date_kind: str = ""  # what `months` compares: "release" or "listing" dates (never one of each)
    open_date: date | None = None  # open_first's and closed_first's dates of that kind
    closed_date: date | None = None
    # The newest proprietary level not reached by an open model yet: at least this many months, from frontier_first
    # (dated frontier_date) to the date the board's data runs to.
    censored_months: float | None = None
    frontier_first: ModelEntry | None = None
    frontier_date: date | None = None
    data_through: date | None = None
    tie: bool | None = None  # best open and best proprietary within each other's 95 % intervals (None: no bounds)
    anchored: str = ""  # "open" / "closed": that side's model is the one asked about, not its best (gap.Gap)

    @classmethod
    def of(cls, g: gap.Gap) -> GapFigures:
        def entry(row: ScoreRow | None) -> ModelEntry | None:
            return ModelEntry.of(row) if row is not None else None

        return cls(entry(g.best_open), entry(g.best_closed), g.points, g.relative_pct, g.months,
                   entry(g.closed_first), entry(g.open_first), g.n_unknown, g.date_kind, to_date(g.open_date),
                   to_date(g.closed_date), g.censored_months, entry(g.frontier_first), to_date(g.frontier_date),
                   to_date(g.data_through), g.tie, g.anchored)


@dataclass(frozen=True, slots=True)
class BoardGap:
    """Another board's gap, mentioned beside the answer ('also', the same snapshot's agentic coding, context)."""

    benchmark: str
    snapshot: date | None
    category: str
    gap: GapFigures


@dataclass(frozen=True, slots=True)
class TrendPoint:
    snapshot: date | None
    gap_points: float
    best_open: ModelEntry
    best_closed: ModelEntry
    months: float | None = None  # the time gap on that board, where release dates give one
    board: date | None = None  # the snapshot of the board it was computed from (later for a live board's last point)
    date_kind: str = ""  # what `months` compares: release or listing dates
    tie: bool | None = None  # the two best models' 95 % intervals overlap (None: the board gives no intervals)

    @property
    def gap_interval(self) -> tuple[float, float] | None:
        """An approximate 95 % interval of the gap where the board gives both scores one (LMArena): the two
        half-widths combined in quadrature, as for the difference of two independent estimates."""
        o, c = self.best_open, self.best_closed
        if None in (o.score_low, o.score_high, c.score_low, c.score_high):
            return None
        half = math.hypot((o.score_high - o.score_low) / 2, (c.score_high - c.score_low) / 2)
        return round(self.gap_points - half, 2), round(self.gap_points + half, 2)


@dataclass(frozen=True, slots=True)
class Trend:
    points: tuple[TrendPoint, ...]  # oldest first
    direction: str  # shrinking / growing / flat / unclear (scattered more than it trends) / unknown
    change: float | None  # the fitted line's change from the first to the last point (gapbot.gap.fit)
    rebuilt: bool  # one cumulative board, rebuilt as it stood at the end of each month
    slope_per_year: float | None = None  # the fitted line, in gap points a year
    slope_se: float | None = None  # its standard error: how far the points scatter around it
    first_to_last: float | None = None  # the last gap minus the first
    partial: tuple[date | None, ...] = ()  # boards of the series left out as partial (under half the usual models)


@dataclass(frozen=True, slots=True)
class FrontierStep:
    """A model that beat every earlier model of its group on the board: from `date` on, its score is the frontier."""

    date: date | None  # its release date (else first listed), or the date the board first listed it: see date_kind
    model: ModelEntry


@dataclass(frozen=True, slots=True)
class Frontier:
    """Best score to date of each group against release date, on one board (see gapbot.frontier)."""

    open: tuple[FrontierStep, ...]  # oldest first
    closed: tuple[FrontierStep, ...]
    undated: int  # models left out: no date of the kind used
    date_kind: str = "release"  # steps dated by release (else first listed), or by "listing" (first listed)


@dataclass(frozen=True, slots=True)
class CatchUp:
    target: ModelEntry
    first_open: ModelEntry | None  # None: no open model has matched the target yet
    target_date: date | None
    open_date: date | None
    months: float | None
    date_kind: str = ""  # both dates are release dates, or both listing dates


OWN_PUBLISHER = "gapbot"  # front matter `source: gapbot`: the project's own notes (corpus/articles)


@dataclass(frozen=True, slots=True)
class Source:
    """A work a summary is based on (front matter `based_on:`)."""

    title: str
    url: str


@dataclass(frozen=True, slots=True)
class Citation:
    """An article passage, with everything a citation needs: who wrote it, where it was published, when, a link."""

    document: str  # the corpus file id
    title: str
    author: str
    publisher: str  # when the article names a publisher rather than a URL
    url: str
    date: date | None
    passage: str
    position: int = 0  # chunk index within the article
    section: str = ""  # the heading of the passage's section
    answer: str = ""  # the passage's sentences that answer the question (extractive)
    based_on: tuple[Source, ...] = ()  # gapbot's own notes: the sources they summarise

    @property
    def own(self) -> bool:
        """One of gapbot's own explainers: cited as gapbot's notes, never as the sources they summarise."""
        return self.publisher == OWN_PUBLISHER

    @classmethod
    def of(cls, p: Passage) -> Citation:
        is_url = p.source.startswith(("http://", "https://"))
        return cls(p.file, p.title, p.author, "" if is_url else p.source, p.source if is_url else "",
                   to_date(p.date), p.text, p.position, p.section, p.focus, _sources(p.based_on))


def _sources(based_on: str) -> tuple[Source, ...]:
    """Front matter `based_on`, as ingest stored it (a JSON list of [title, url]); nothing when unreadable."""
    try:
        items = json.loads(based_on) if based_on else []
    except ValueError:
        return ()
    return tuple(Source(str(t), str(u)) for t, u in (i for i in items if isinstance(i, list) and len(i) == 2))


@dataclass(frozen=True, slots=True)
class Leaderboard:
    benchmark: str
    family: str
    snapshots: tuple[date | None, ...]  # oldest first
    models: int  # the most models on one of its boards


@dataclass(frozen=True, slots=True)
class Corpus:
    leaderboards: tuple[Leaderboard, ...]
    articles: tuple[str, ...]  # titles, sorted
    refreshed_at: datetime | None
    generation: int
    unknown_models: int = 0  # models whose open/closed status neither the registry nor the source knows


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why there is no computed answer."""

    # empty / off_topic / unanswered (an article reading no passage comes near) / nothing_ingested / no_board /
    # not_found / no_models / no_passages / unsure
    reason: str
    category: str | None = None
    available: tuple[str, ...] = ()  # no_board: the categories that can be answered
    names: tuple[str, ...] = ()  # not_found: the models asked about
    sources: tuple[str, ...] = ()  # no_board: the leaderboard families the index has
    closest: str = ""  # no_board for a named leaderboard: the closest board the index has, "LiveBench (2026-01-08)"


@dataclass(frozen=True, slots=True)
class Reading:
    """How the question was read, restated atop the answer so that a misreading shows at a glance."""

    intent: str
    category: str | None = None
    group: bool | None = None  # best: open only / proprietary only / both
    top: int | None = None  # best: how many
    models: tuple[str, ...] = ()  # display names
    near_misses: tuple[tuple[str, str], ...] = ()  # (name read, the similar model it is not)
    benchmark: str | None = None  # a benchmark named in the question
    date: str | None = None  # the date or range asked about: "2025-04", ">=2025-01", "2024-01..2025-12"
    sort: str = "score"  # best: by score, or by value (points per $ per question)
    families: tuple[tuple[str, str], ...] = ()  # (name taken, the family asked for without a version, as written)
    other_domain: str | None = None  # a domain asked about that no category covers ("multilingual")
    unknown_models: tuple[str, ...] = ()  # models named that the data does not have ("gpt 6"), as written
    # the families' models are the newest the answer's board scores, not the newest of all (a leaderboard named
    # that lacks the newest: "claude opus on aider")
    families_on_board: bool = False
    more_categories: tuple[str, ...] = ()  # domains asked about beside `category` ("reasoning and math")
    from_articles: bool = False  # no leaderboard subject: answered because the articles discuss it (gapbot.scope)


@dataclass(frozen=True, slots=True)
class Result:
    """One answer's figures. `kind` says what it holds (a catch-up question about an organization is answered as a
    gap); `intent` is what was asked."""

    question: str
    intent: str
    kind: str  # gap / best / trend / frontier / compare / model / catch_up / explain / sources / refusal
    category: str | None = None
    source: str | None = None  # leaderboard family
    benchmark: str | None = None
    snapshot: date | None = None
    data_through: date | None = None  # the date the board's data runs to, where later than its snapshot date
    data_date: date | None = None  # the newest data the answer rests on (set by the engine, with its age)
    age_days: int | None = None  # days from data_date to the day the answer was given
    stale: bool = False  # age_days is past the configured limit (GAPBOT_STALE_AFTER_DAYS)
    source_url: str | None = None
    gap: GapFigures | None = None
    group: bool | None = None  # best: open only (True), proprietary only (False), all (None)
    leaders: tuple[ModelEntry, ...] = ()
    labs: tuple[str, ...] = ()  # best: only these organizations' models ("deepseek's best model"), ranked on the board
    models: tuple[ModelEntry, ...] = ()  # compare / model
    board_size: int = 0  # compare / model: how many models the board ranks
    other_categories: tuple[tuple[str, float], ...] = ()  # model: its score in the snapshot's other categories
    requested_category: str | None = None  # compare: when no board had both models in it
    sibling: BoardGap | None = None  # gap on coding: agentic coding in the same snapshot
    also: tuple[BoardGap, ...] = ()  # gap: the newest board of other leaderboards
    context: BoardGap | None = None  # explain: a current figure beside the passages
    trend: Trend | None = None
    frontier: Frontier | None = None
    catch_up: CatchUp | None = None
    citations: tuple[Citation, ...] = ()
    corpus: Corpus | None = None
    refusal: Refusal | None = None
    reading: Reading | None = None  # set by the engine for every question it tried to answer
    choices: tuple[str, ...] = ()  # kind "clarify": the likeliest readings (intents) to offer back, likeliest first
    more: tuple[Result, ...] = ()  # the same question on the other domains asked about (Reading.more_categories)
    unscored: str = ""  # gap: the model asked about, where no board of the domain scores it (its name)

    @property
    def ok(self) -> bool:
        return self.refusal is None

    @property
    def gap_months(self) -> float | None:
        """The time gap; for a catch-up, how long the open models took."""
        if self.catch_up is not None and self.catch_up.first_open is not None:
            return self.catch_up.months
        return self.gap.months if self.gap else None
