"""Plain data records shared by ingest, the engine and the edges."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class ScoreRow:
    """One model's score in one category of one leaderboard snapshot.

    `open_weights` is True (downloadable weights), False (proprietary) or None (unknown: kept out of
    open-vs-closed comparisons, never guessed). Dates are ISO strings (YYYY-MM-DD) or "".
    """

    source: str  # leaderboard family, e.g. "livebench", "aider", "lmarena", "epoch", or a curated source id
    benchmark: str  # e.g. "LiveBench", "Aider Polyglot", "LMArena Text"
    snapshot: str  # the snapshot (release) date the score belongs to
    category: str  # canonical category, lowercase ("coding", "math", "overall", ...)
    model: str  # canonical model id (registry) or the source's own key when unknown to the registry
    display_name: str
    organization: str
    open_weights: bool | None
    score: float
    task: str = ""  # "" for a category aggregate; a task name for task-level rows
    release_date: str = ""  # the model's release date where known
    first_seen: str = ""  # the date the source first listed the model (fallback for release dates)
    source_key: str = ""  # the model's key as written by the source
    source_url: str = ""
    file: str = ""  # the corpus file the row came from (relative id)
    # The score's 95 % interval where the board publishes one (LMArena's rating_q025/q975); None elsewhere.
    score_low: float | None = None
    score_high: float | None = None
    # What the board says one question cost this model ($), and one solved task, where it publishes cost (LiveBench)
    cost_per_question: float | None = None
    cost_per_solved: float | None = None


@dataclass(slots=True)
class Passage:
    """A chunk of an article, with what a citation needs."""

    text: str
    title: str
    source: str  # URL or publisher
    date: str
    file: str
    position: int  # chunk index within the article
    author: str = ""
    score: float = 0.0  # similarity, filled by retrieval
    section: str = ""  # the heading of the section it is in (kept out of the text)
    based_on: str = ""  # a JSON list of [title, url]: what a summary (gapbot's own notes) is based on
    focus: str = ""  # the sentences that answer the question, filled by retrieval


@dataclass(slots=True)
class Manifest:
    """What is currently served: file id -> content hash, plus bookkeeping. Switched atomically."""

    generation: int = 0
    files: dict[str, dict] = field(default_factory=dict)  # file id -> {"hash", "kind", "format", "records", ...}
    refreshed_at: str = ""
    embedding_model: str = ""
