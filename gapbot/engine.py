"""The engine: what the edges (bot, CLI) call. It answers questions with a `Result` (figures, no words; see
gapbot.compose for the words) and owns the served index, the store and the embedding model behind them.

Structured questions (gap, best, trend, compare, model, catch-up) read rows only: no embedding model is loaded
and, in embedded mode, Chroma is not even imported. Only `explain` questions embed the question and search
article passages.

The parts: gapbot.serving loads what is served, gapbot.boards chooses the board, gapbot.intents holds one handler
per intent (an explicit table), gapbot.result is what they return.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from gapbot import intents, lexical, scope
from gapbot.models import Passage
from gapbot.question import Query, follow, parse
from gapbot.registry import Registry
from gapbot.result import Reading, Refusal, Result
from gapbot.serving import Index, Served

if TYPE_CHECKING:  # autocomplete only: rapidfuzz is not imported to answer a question
    from gapbot.suggest import Suggester


def reading(q: Query, idx: Index) -> Reading:
    """What the answer restates first: the query as understood, models by their display names."""
    def name(mid: str) -> str:
        return mid[4:] if mid.startswith("org:") else idx.names.get(mid, mid)

    return Reading(q.intent, q.category, q.group, q.top if q.intent == "best" else None,
                   tuple(name(m) for m in q.models), tuple((name(a), name(b)) for a, b in q.near_misses),
                   q.benchmark, str(q.when) if q.when else None, q.sort,
                   tuple((name(m), family) for m, family in q.families), q.other_domain, q.unknown_models,
                   more_categories=q.more_categories, from_articles=q.reason == "articles")


def freshness(result: Result, today: date, stale_after_days: int, about_the_past: bool = False) -> Result:
    """The answer's newest data date (the date its board's data runs to), how many days before `today` that is,
    and whether that is past `stale_after_days` (never for a question about the past: a date asked for, or when
    open models caught up with a model, is answered from old boards on purpose)."""
    figures = [result.gap, result.context.gap if result.context else None]
    dates = [d for d in (result.data_through, result.snapshot, *(g.data_through for g in figures if g)) if d]
    if not dates:
        return result
    newest = max(dates)
    age = (today - newest).days
    return replace(result, data_date=newest, age_days=age, stale=age > stale_after_days and not about_the_past)


class Engine:
    def __init__(self, settings, store=None, embedder=None, registry: Registry | None = None,
                 check_interval_s: float = 5.0, today: Callable[[], date] = date.today) -> None:
        self.settings = settings
        self._today = today  # how old an answer's data is counts from here (tests pin it)
        self._served = Served(settings, store, registry, check_interval_s)
        self._embedder = embedder
        self._suggester: tuple[Index, Suggester] | None = None
        self._classifier: tuple[object, object] | None = None  # (the shipped intent model, it with our embedder)

    # -- questions --------------------------------------------------------------------------------------------------
    def ask(self, question: str, previous: Query | None = None) -> tuple[Result, Query]:
        """Answer free text, parsed once; `previous` is the query of the message this one follows up on. Returns
        the result and the query it answered (keep it for the next follow-up)."""
        matcher = self._served.index().matcher
        parsed = parse(question, matcher, today=self._today(), classifier=self.classifier())
        query = follow(parsed, previous, matcher, today=self._today())
        # A decline for want of a known subject is answered from the articles where they come close, and an article
        # reading the model is unsure of, or whose words say nothing of capability, that no passage comes near is
        # declined (gapbot.scope)
        query = scope.apply(query, self.similarity, self.settings.scope_threshold, self.settings.scope_max_confidence,
                            follow_up=query is not parsed, floor=self.settings.scope_floor,
                            reply=previous is not None and previous.intent != "out_of_scope")
        choices = tuple(i for i in (query.intent, *query.alternatives) if i != "out_of_scope")
        if query.unsure and choices:  # ask back rather than guess
            result = Result(question=question, intent=query.intent, kind="clarify", category=query.category,
                            source=query.source, choices=choices, refusal=Refusal("unsure"),
                            reading=reading(query, self._served.index()))
            return result, query
        if query.leader_of is not None and self._served.index().row_count:
            # "how does it do on math" after the best open model: named now, so that the next follow-up keeps it
            query = intents.with_leader(query, intents.Context(self._served.index(), self._search))
        result = self.run(query)
        return replace(result, question=question), query

    def choose(self, query: Query, intent: str) -> Result:
        """Answer a query the parser was unsure of, read as `intent` (the reading the asker picked)."""
        return self.run(replace(query, intent=intent, unsure=False, alternatives=(), reason=""))

    def run(self, query: Query) -> Result:
        """Answer a structured query (what the slash commands build from their options)."""
        if query.intent == "out_of_scope":
            return intents.out_of_scope(query)
        idx = self._served.index()
        if not idx.row_count and query.intent != "explain":
            return intents.nothing_ingested(query)
        ctx = intents.Context(idx, self._search)
        query = intents.with_leader(query, ctx)
        result = intents.HANDLERS[query.intent](query, ctx)
        read = reading(query, idx)
        for older in intents.family_alternatives(query, idx, result):  # the newest of a family the board scores
            if (tried := intents.HANDLERS[older.intent](older, ctx)).refusal is None:
                result, read = tried, replace(reading(older, idx), families_on_board=True)
                break
        # "the gap on reasoning and math": each other domain asked about, answered the same way
        more = tuple(self.run(replace(query, category=c, more_categories=())) for c in query.more_categories
                     if query.intent != "explain")
        return freshness(replace(result, reading=read, more=more), self._today(),
                         self.settings.stale_after_days,
                         about_the_past=query.as_of is not None or result.kind == "catch_up")

    def similarity(self, question: str) -> float | None:
        """The best served passage's cosine similarity to the question (None: no articles served, or no ONNX graph
        made yet: making one takes torch and ~10 s, which no decline should wait for, as for the intent head)."""
        from gapbot.onnx_embedder import OnnxEmbedder, has_graph
        from gapbot.retrieval import best_similarity

        embedder = self.embedder
        if isinstance(embedder, OnnxEmbedder) and not embedder.loaded and not has_graph(embedder.cache,
                                                                                          embedder.model):
            return None
        return best_similarity(self.store, self._served.manifest_for_search(), embedder, question)

    def _search(self, question: str) -> list[Passage]:
        from gapbot.retrieval import retrieve

        return retrieve(self.store, self._served.manifest_for_search(), self.embedder, question)

    # -- models -----------------------------------------------------------------------------------------------------
    def resolve_model(self, name: str) -> str | None:
        """A model name as typed (or picked from autocomplete) -> its id: a display name or id exactly, else the
        closest spelling; None when no model matches."""
        idx = self._served.index()
        name = name.strip()
        for mid, display in idx.names.items():
            if display.lower() == name.lower() or mid.lower() == name.lower():
                return mid
        hits = [m for m in idx.matcher.find(name, limit=1) if not m.startswith("org:")]
        return hits[0] if hits else None

    def model_names(self, typed: str = "", limit: int = 25) -> list[str]:
        """Display names for autocomplete: best match first, then newest (gapbot.suggest)."""
        from gapbot.suggest import Suggester, newest_dates

        idx = self._served.index()
        if self._suggester is None or self._suggester[0] is not idx:  # built once per loaded index
            store = idx.store  # in SQL over per-file summaries: no row becomes an object
            dated = newest_dates(((m, d) for m, d, *_ in store.names()), store.model_dates(),
                                 self.registry.models.values())
            self._suggester = (idx, Suggester.build({n: dated.get(n, "") for n in set(idx.names.values())}))
        return self._suggester[1].suggest(typed, limit)

    # -- what is served -----------------------------------------------------------------------------------------------
    def sources(self) -> Result:
        """Leaderboards with their snapshot dates, articles, last refresh."""
        return intents.sources(self._served.index())

    def open(self) -> tuple[int, int]:
        """Blocking: load what is served now (start-up); returns its generation and row count."""
        idx = self._served.index()
        return idx.manifest.generation, idx.row_count

    def connect(self) -> None:
        """Blocking: open the vector store's client (start-up), so the first question does not pay for it."""
        self.store.client()

    def reload(self) -> None:
        """Blocking: after a refresh switched the generation, re-open the store (an embedded Chroma client never
        sees another process's writes) and build the new index; questions use the old one until it is ready."""
        self.store.reopen()
        self._served.invalidate()
        self._served.index()

    def invalidate(self) -> None:
        """Forget the loaded rows, so the next question reads the served generation again."""
        self._served.invalidate()

    def index(self) -> Index:
        """The loaded index (for tests and diagnostics; the edges ask questions instead)."""
        return self._served.index()

    # -- the embedding model (lent to the refresh process for new texts) ----------------------------------------------
    @property
    def embedding_model(self) -> str:
        return self.embedder.name

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embedder.embed_documents(texts)

    def warm_embedder(self) -> None:
        """Blocking: load the embedding model, the intent model's tuned layers and the lexical search's libraries now
        rather than at the first 'why' question or the first question the n-grams are unsure of."""
        load = getattr(self.embedder, "load", None)
        if callable(load):
            load()
        if (classifier := self.classifier()) is not None:
            classifier.warm()
        lexical.preload()

    def limit_embedding(self, threads: int, batch_size: int) -> None:
        """Cap the model's threads (where it has not been given a number) and its batch size: the bot leaves a core
        to its event loop and keeps the memory of a batch small."""
        if getattr(self.embedder, "threads", 0) is None:
            self.embedder.threads = threads
            self.embedder.batch_size = min(self.embedder.batch_size, batch_size)

    def classifier(self):
        """The intent model, its embedding head reading the graph in this engine's model cache (not the
        environment's: a test or a second engine may have another)."""
        from gapbot import intent_model

        model = intent_model.load()
        if model is None or (model.head is None and model.tuned is None):
            return model
        if self._classifier is None or self._classifier[0] is not model:
            s = self.settings
            embed = model.head and intent_model.graph_embed(model.head["model"], s.model_cache_dir, s.embedding_batch)
            states = model.tuned and intent_model.graph_states(model.tuned["model"], s.model_cache_dir,
                                                               s.embedding_batch, model.tuned["layer"])
            self._classifier = (model, model.with_embed(embed, states))
        return self._classifier[1]

    # -- owned services ---------------------------------------------------------------------------------------------
    @property
    def store(self):
        return self._served.store

    @property
    def embedder(self):
        if self._embedder is None:
            from gapbot.embeddings import make_embedder

            self._embedder = make_embedder(self.settings)
        return self._embedder

    @property
    def registry(self) -> Registry:
        return self._served.registry

