"""The gap engine: understand a question, pick the right leaderboard board, compute, compose, cite.

Structured questions (gap, best, trend, compare, model, catch-up) read rows only: no embedding model is loaded
and, in embedded mode, Chroma is not even imported. Only `explain` questions embed the question and search
article passages.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, replace

from gapbot import compose, gap, rowcache
from gapbot.answer import Answer
from gapbot.categories import CATEGORIES, label
from gapbot.errors import NoData
from gapbot.models import Manifest, ScoreRow
from gapbot.question import ModelMatcher, Query, parse
from gapbot.registry import Registry, load_registry

log = logging.getLogger(__name__)
BoardKey = tuple[str, str, str, str]  # source, benchmark, snapshot, category
CUMULATIVE_SOURCES = ("aider", "epoch")  # one file, many dated runs: trends are rebuilt as of each month
HELP = ("I answer questions about the gap between open-weights and proprietary AI models, from leaderboard data "
        "(LiveBench, Aider, LMArena, Epoch AI) and articles. Try:\n"
        "• how far behind is the best open model on coding?\n"
        "• which open model is best at math?\n"
        "• is the gap on reasoning shrinking?\n"
        "• how does DeepSeek V3.2 compare to GPT-5.1?\n"
        "• when did open models catch up with GPT-4o?\n"
        "• why are open models catching up?")


def family(source: str) -> str:
    """'livebench-curated' -> 'livebench': a curated snapshot belongs to its leaderboard's family."""
    return source.split("-", 1)[0]


@dataclass
class Index:
    manifest: Manifest
    rows: list[ScoreRow]
    boards: dict[BoardKey, list[ScoreRow]]
    matcher: ModelMatcher
    names: dict[str, str]  # model id -> display name

    @classmethod
    def build(cls, manifest: Manifest, rows: list[ScoreRow], registry: Registry) -> Index:
        rows = _fill_first_seen(rows)
        boards: dict[BoardKey, list[ScoreRow]] = defaultdict(list)
        names: dict[str, str] = {}
        aliases: dict[str, str] = {}
        orgs: dict[str, str] = {}
        for m in registry.models.values():
            for a in [m.id, m.name, *m.aliases]:
                aliases.setdefault(a, m.id)
            names.setdefault(m.id, m.name)
        for r in rows:
            boards[(r.source, r.benchmark, r.snapshot, r.category)].append(r)
            names.setdefault(r.model, r.display_name or r.model)
            for a in (r.model, r.source_key, r.display_name):
                if a:
                    aliases.setdefault(a, r.model)
            if r.organization:
                orgs.setdefault(r.organization, r.organization)
        return cls(manifest, rows, dict(boards), ModelMatcher(aliases, orgs), names)


def _fill_first_seen(rows: list[ScoreRow]) -> list[ScoreRow]:
    """A model with neither a release date nor a first-seen date gets the earliest snapshot of that leaderboard
    listing it: the documented fallback for the time gap."""
    first: dict[tuple[str, str, str], str] = {}
    for r in rows:
        key = (family(r.source), r.benchmark, r.model)
        if r.snapshot and (key not in first or r.snapshot < first[key]):
            first[key] = r.snapshot
    return [r if r.release_date or r.first_seen else replace(r, first_seen=first.get(
        (family(r.source), r.benchmark, r.model), "")) for r in rows]


class Engine:
    def __init__(self, settings, store=None, embedder=None, registry: Registry | None = None,
                 check_interval_s: float = 5.0) -> None:
        self.settings = settings
        self._store = store
        self._embedder = embedder
        self._registry = registry
        self._index: Index | None = None
        self._checked = 0.0
        self._check_interval = check_interval_s
        self._lock = threading.Lock()

    # -- state ------------------------------------------------------------------------------------------------
    @property
    def store(self):
        if self._store is None:
            from gapbot.store import Store

            self._store = Store(self.settings)
        return self._store

    @property
    def embedder(self):
        if self._embedder is None:
            from gapbot.embeddings import make_embedder

            self._embedder = make_embedder(self.settings)
        return self._embedder

    @property
    def registry(self) -> Registry:
        if self._registry is None:
            self._registry = load_registry(self.settings.registry_path)
        return self._registry

    def invalidate(self) -> None:
        """Forget the loaded rows (after a refresh), so the next question reads the new generation."""
        with self._lock:
            self._index = None
            self._checked = 0.0

    def index(self) -> Index:
        with self._lock:
            now = time.monotonic()
            if self._index is not None and (now - self._checked < self._check_interval
                                            or not self.settings.chroma_host):
                return self._index
            self._index = self._load(self._index)
            self._checked = now
            return self._index

    def _load(self, current: Index | None) -> Index:
        remote = bool(self.settings.chroma_host)
        cached = None if remote else rowcache.read(self.settings.data_dir)
        if cached is not None:
            manifest, rows = cached
            if current is not None and current.manifest.generation == manifest.generation:
                return current
            return Index.build(manifest, rows, self.registry)
        manifest = self.store.read_manifest()
        if current is not None and current.manifest.generation == manifest.generation:
            return current
        if remote:  # read the local cache only once the generation has changed (another machine may own it)
            cached = rowcache.read(self.settings.data_dir)
        if cached is not None and cached[0].generation == manifest.generation:
            return Index.build(manifest, cached[1], self.registry)
        for _ in range(3):
            rows = self.store.load_rows(manifest)
            # Another process may switch and collect the versions being read: then read the new generation.
            latest = self.store.read_manifest()
            expected = sum(f.get("rows", 0) for f in manifest.files.values())
            if latest.generation == manifest.generation and (len(rows) == expected or not expected):
                break
            manifest = latest
        return Index.build(manifest, rows, self.registry)

    # -- entry points -----------------------------------------------------------------------------------------
    def parse(self, question: str, previous: Query | None = None) -> Query:
        try:
            matcher = self.index().matcher
        except NoData:
            matcher = None
        return parse(question, matcher).merged_with(previous)

    def answer(self, question: str, previous: Query | None = None) -> Answer:
        """Answer free text; `previous` is the query of the message this one follows up on."""
        query = self.parse(question, previous)
        ans = self.run(query)
        ans.question = question
        if self.settings.llm and ans.ok:
            from gapbot.llm import polish

            ans = polish(ans, self.settings.llm)
        return ans

    def run(self, q: Query) -> Answer:
        if q.intent == "out_of_scope":
            return self._out_of_scope(q)
        idx = self.index()
        if not idx.rows and q.intent != "explain":
            return self._no_data(q, "Nothing has been ingested yet: run `gapbot ingest` (or /refresh).")
        handler = getattr(self, f"_{q.intent}")
        return handler(q, idx)

    # -- board selection --------------------------------------------------------------------------------------
    def candidate_boards(self, idx: Index, category: str, source: str | None, need_both: bool = True,
                         model: str | None = None) -> list[BoardKey]:
        keys = []
        for key, rows in idx.boards.items():
            if key[3] != category or (source and family(key[0]) != source):
                continue
            if need_both and not (any(r.open_weights is True for r in rows)
                                  and any(r.open_weights is False for r in rows)):
                continue
            if model and not any(r.model == model for r in rows):
                continue
            keys.append(key)
        # Newest first; at the same date prefer the fuller board (a raw release over a curated extract).
        return sorted(keys, key=lambda k: (k[2], len({r.model for r in idx.boards[k]})), reverse=True)

    def _others(self, idx: Index, keys: list[BoardKey], chosen: BoardKey) -> list[BoardKey]:
        """The newest board of each other leaderboard covering the category, for 'also' lines."""
        seen = {(family(chosen[0]), chosen[1])}
        out = []
        for k in keys:
            if (family(k[0]), k[1]) not in seen:
                seen.add((family(k[0]), k[1]))
                out.append(k)
        return out[:3]

    # -- intents ----------------------------------------------------------------------------------------------
    def default_category(self, idx: Index, source: str | None) -> str:
        """'overall' unless the named leaderboard has no such board (Aider only scores coding)."""
        cats = {k[3] for k in idx.boards if not source or family(k[0]) == source}
        if not source or "overall" in cats or not cats:
            return "overall"
        return "coding" if "coding" in cats else sorted(cats)[0]

    def _gap(self, q: Query, idx: Index) -> Answer:
        category = q.category or self.default_category(idx, q.source)
        keys = self.candidate_boards(idx, category, q.source)
        if not keys:
            return self._no_board(q, category)
        key = keys[0]
        rows, g, ans = self._board_answer(q, idx, key)
        ans.headline = compose.gap_headline(category, key[1], g)
        ans.fields = compose.gap_fields(g)
        if note := compose.unknown_note(g):
            ans.notes.append(note)
        if category == "coding":
            for k2 in self.candidate_boards(idx, "agentic coding", family(key[0])):
                if k2[2] == key[2]:
                    g2 = gap.quality_gap(idx.boards[k2])
                    ans.notes.append(f"Agentic coding on {k2[1]} (same snapshot): best open {g2.best_open.display_name}"
                                     f" {compose.num(g2.best_open.score)} vs {g2.best_closed.display_name} "
                                     f"{compose.num(g2.best_closed.score)}: {compose.gap_phrase(g2.points)}.")
                    break
        for k2 in self._others(idx, keys, key):
            g2 = gap.quality_gap(idx.boards[k2])
            ans.notes.append(f"Also: {k2[1]} ({k2[2]}): {compose.gap_phrase(g2.points)} "
                             f"({g2.best_open.display_name} vs {g2.best_closed.display_name}).")
        return self._finish(ans)

    def _best(self, q: Query, idx: Index) -> Answer:
        category = q.category or self.default_category(idx, q.source)
        keys = self.candidate_boards(idx, category, q.source, need_both=q.group is None)
        if q.group is not None:
            keys = [k for k in keys if any(r.open_weights is q.group for r in idx.boards[k])]
        if not keys:
            return self._no_board(q, category)
        key = keys[0]
        rows, g, ans = self._board_answer(q, idx, key)
        top = gap.leaders(rows, q.group, q.top)
        ans.leaders = top
        group = {True: "open-weights", False: "proprietary", None: "overall"}[q.group]
        lead = top[0] if top else None
        ans.headline = (f"Best {group} model on {label(category)} ({key[1]}, {key[2]}): "
                        f"{lead.display_name} — {compose.num(lead.score)}." if lead else "No models found.")
        ans.fields = [(f"Top {len(top)} {group}", "\n".join(compose.row_line(i, r) for i, r in enumerate(top, 1)))]
        if q.group is True and g.best_closed:
            ans.fields.append(("Best proprietary, for comparison", compose.who(g.best_closed)))
        elif q.group is False and g.best_open:
            ans.fields.append(("Best open-weights, for comparison", compose.who(g.best_open)))
        elif q.group is None and g.best_open and g.best_open not in top:
            ans.fields.append(("Best open-weights", compose.who(g.best_open)))
        if g.points is not None:
            ans.fields.append(("Quality gap", f"{compose.num(g.points)} points"))
        return self._finish(ans)

    def _trend(self, q: Query, idx: Index) -> Answer:
        category = q.category or self.default_category(idx, q.source)
        keys = self.candidate_boards(idx, category, q.source)
        if not keys:
            return self._no_board(q, category)
        # The leaderboard (source family + benchmark) with the most dated snapshots of this category.
        series: dict[tuple[str, str], dict[str, list[ScoreRow]]] = defaultdict(dict)
        for k in keys:
            series[(family(k[0]), k[1])].setdefault(k[2], idx.boards[k])
        fam, bench = max(series, key=lambda s: (len(series[s]), max(series[s])))
        boards = series[(fam, bench)]
        if len(boards) == 1 and fam in CUMULATIVE_SOURCES:
            boards = gap.cumulative_boards(next(iter(boards.values())))
        points = gap.trend(boards)
        if not points:
            return self._no_board(q, category)
        direction, change = gap.direction(points)
        last = points[-1]
        key = (last.gap.best_open.source, bench, last.snapshot, category)
        ans = self._base(q, key, boards[last.snapshot], last.gap)
        ans.trend = [_trend_point(p) for p in points]
        ans.trend_direction = direction
        first = points[0]
        verdict = {"shrinking": "shrinking", "growing": "growing", "flat": "roughly flat",
                   "unknown": "not measurable (one snapshot)"}[direction]
        ans.headline = (f"{label(category)} on {bench}: the gap is {verdict} — {compose.num(first.gap.points)} points "
                        f"({first.snapshot}) → {compose.num(last.gap.points)} points ({last.snapshot}).")
        ans.fields = [("Gap per snapshot", "\n".join(
            f"{t['snapshot']}: {compose.num(t['gap_points'])} ({t['best_open_model']} {t['best_open']} vs "
            f"{t['best_closed_model']} {t['best_closed']})" for t in ans.trend[-12:]))]
        if change is not None:
            ans.fields.append(("Change", f"{compose.num(change)} points over {len(points)} snapshots"))
        if fam == "livebench":
            ans.notes.append("LiveBench replaces its questions with each release, so compare gaps between releases, "
                             "not raw scores.")
        if fam in CUMULATIVE_SOURCES and len(series[(fam, bench)]) == 1:
            ans.notes.append(f"{bench} is one cumulative board: each point is the board as it stood on that date.")
        return self._finish(ans)

    def _compare(self, q: Query, idx: Index) -> Answer:
        category = q.category or "overall"
        ids = q.models[:2]
        found = self._resolve_models(idx, ids, category, q.source)
        if found is None:
            return self._model_not_found(q, idx, ids)
        key, resolved = found
        rows, g, ans = self._board_answer(q, idx, key)
        ranked = gap.best_per_model(rows)
        a, b = (next(x for x in ranked if x.model == mid) for mid in resolved)
        entries = [self._model_entry(r, ranked) for r in (a, b)]
        diff = round(a.score - b.score, 2)
        ans.models = entries
        ans.category = key[3]
        leader, trailer = (a, b) if diff >= 0 else (b, a)
        ans.headline = (f"{label(key[3])} on {key[1]} ({key[2]}): {leader.display_name} {compose.num(leader.score)} vs "
                        f"{trailer.display_name} {compose.num(trailer.score)} — a difference of "
                        f"{compose.num(abs(diff))} points.")
        ans.fields = [(e["model"], f"{compose.num(e['score'])} · {e['status']} · rank {e['rank']} of {len(ranked)}")
                      for e in entries]
        if key[3] != category:
            ans.notes.append(f"No board has both models in {label(category)}; this is {label(key[3])}.")
        return self._finish(ans)

    def _model(self, q: Query, idx: Index) -> Answer:
        ids = q.models[:1]
        category = q.category or "overall"
        found = self._resolve_models(idx, ids, category, q.source)
        if found is None:
            return self._model_not_found(q, idx, ids)
        key, (mid,) = found
        rows, g, ans = self._board_answer(q, idx, key)
        ranked = gap.best_per_model(rows)
        r = next(x for x in ranked if x.model == mid)
        entry = self._model_entry(r, ranked)
        ans.models = [entry]
        ans.category = key[3]
        ans.headline = (f"{r.display_name} on {key[1]} {label(key[3])} ({key[2]}): {compose.num(r.score)}, rank "
                        f"{entry['rank']} of {len(ranked)} ({entry['status']}).")
        ans.fields = [("Score", compose.num(r.score)), ("Status", entry["status"]),
                      ("Rank", f"{entry['rank']} of {len(ranked)}")]
        same = [x for x in idx.boards if x[:3] == key[:3] and x[3] != key[3]]
        per_cat = []
        for k2 in sorted(same, key=lambda k: k[3]):
            hit = [x for x in idx.boards[k2] if x.model == mid]
            if hit:
                per_cat.append(f"{label(k2[3])}: {compose.num(max(h.score for h in hit))}")
        if per_cat:
            ans.fields.append(("Other categories, same snapshot", "\n".join(per_cat)))
        if r.open_weights is True and g.best_closed:
            ans.fields.append(("Best proprietary here", compose.who(g.best_closed)))
        elif r.open_weights is False and g.best_open:
            ans.fields.append(("Best open-weights here", compose.who(g.best_open)))
        return self._finish(ans)

    def _catch_up(self, q: Query, idx: Index) -> Answer:
        target = q.models[0] if q.models else None
        if target is None or target.startswith("org:"):
            return self._gap(q, idx)
        category = q.category or "overall"
        keys = self.candidate_boards(idx, category, q.source, need_both=False, model=target)
        if not keys:
            keys = [k for c in CATEGORIES for k in self.candidate_boards(idx, c, q.source, need_both=False,
                                                                          model=target)]
        if not keys:
            return self._model_not_found(q, idx, [target])
        results = [(k, gap.catch_up(idx.boards[k], target)) for k in keys]
        matched = [(k, c) for k, c in results if c and c.first_open]
        dated = [(k, c) for k, c in matched if c.open_date]
        # The earliest date any board shows an open model matching the target; newest board on a tie.
        if dated:
            key, cu = min(dated, key=lambda kc: (kc[1].open_date, tuple(-ord(ch) for ch in kc[0][2])))
        else:
            key, cu = matched[0] if matched else results[0]
        rows = idx.boards[key]
        ans = self._base(q, key, rows, gap.quality_gap(rows))
        t = cu.target
        ans.category = key[3]
        if cu.first_open:
            o = cu.first_open
            when = f"{cu.months:g} months after" if cu.months is not None and cu.months > 0 else "no later than"
            ans.headline = (f"On {key[1]} {label(key[3])} ({key[2]}), the first open model to match "
                            f"{t.display_name} ({compose.num(t.score)}) was {o.display_name} ({compose.num(o.score)}), "
                            f"dated {cu.open_date or 'unknown'}.")
            ans.fields = [("Target", compose.who(t)), ("First open model to match", compose.who(o)),
                          ("Time to catch up", f"{when} {t.display_name} ({cu.target_date or 'date unknown'})")]
            ans.models = [{"model": t.display_name, "id": t.model, "score": t.score, "date": cu.target_date},
                          {"model": o.display_name, "id": o.model, "score": o.score, "date": cu.open_date}]
            ans.gap_months = cu.months
        else:
            g = gap.quality_gap(rows)
            best = g.best_open
            ans.headline = (f"No open model has matched {t.display_name} ({compose.num(t.score)}) on {key[1]} "
                            f"{label(key[3])} ({key[2]}) yet"
                            + (f"; the best open model, {best.display_name}, scores {compose.num(best.score)}."
                               if best else "."))
            ans.fields = [("Target", compose.who(t)), ("Best open-weights", compose.who(best))]
        return self._finish(ans)

    def _explain(self, q: Query, idx: Index | None = None) -> Answer:
        from gapbot.retrieval import retrieve

        passages = retrieve(self, q.text)
        ans = Answer(question=q.text, intent="explain", headline="", markdown="", category=q.category,
                     source=q.source)
        if not passages:
            ans.headline = "I found no article passages on that in the corpus."
            ans.ok = False
        else:
            ans.headline = "Here is what the articles in the corpus say:"
        ans.citations = passages
        # One computed line of context, so the prose sits next to a current figure.
        if idx is not None and idx.rows:
            cat = q.category or "overall"
            keys = self.candidate_boards(idx, cat, q.source)
            if keys:
                g = gap.quality_gap(idx.boards[keys[0]])
                ans.notes.append(f"For context, on {keys[0][1]} ({keys[0][2]}), {label(cat).lower()}: "
                                 f"{compose.gap_phrase(g.points)} ({g.best_open.display_name} vs "
                                 f"{g.best_closed.display_name}).")
                ans.benchmark, ans.snapshot = keys[0][1], keys[0][2]
        return self._finish(ans)

    # -- helpers ----------------------------------------------------------------------------------------------
    def _resolve_models(self, idx: Index, ids: list[str], category: str, source: str | None
                        ) -> tuple[BoardKey, list[str]] | None:
        """The newest board holding every named model (an organization means its best model on that board)."""
        cats = [category] + [c for c in ("overall", *CATEGORIES) if c != category]
        for cat in dict.fromkeys(cats):
            for key in self.candidate_boards(idx, cat, source, need_both=False):
                ranked = gap.best_per_model(idx.boards[key])
                resolved = []
                for mid in ids:
                    if mid.startswith("org:"):
                        org = mid[4:].lower()
                        hit = next((r.model for r in ranked if r.organization.lower() == org
                                    and r.model not in resolved), None)
                    else:
                        hit = mid if any(r.model == mid for r in ranked) else None
                    if hit is None:
                        break
                    resolved.append(hit)
                else:
                    if len(set(resolved)) == len(ids):
                        return key, resolved
        return None

    @staticmethod
    def _model_entry(r: ScoreRow, ranked: list[ScoreRow]) -> dict:
        status = {True: "open weights", False: "proprietary", None: "open/closed unknown"}[r.open_weights]
        return {"model": r.display_name, "id": r.model, "score": round(r.score, 2), "organization": r.organization,
                "open_weights": r.open_weights, "status": status, "rank": ranked.index(r) + 1,
                "release_date": r.release_date or None}

    def _board_answer(self, q: Query, idx: Index, key: BoardKey) -> tuple[list[ScoreRow], gap.Gap, Answer]:
        """A board's rows, its gap, and an answer pre-filled with the board's source, snapshot and figures."""
        rows = idx.boards[key]
        g = gap.quality_gap(rows)
        return rows, g, self._base(q, key, rows, g)

    def _base(self, q: Query, key: BoardKey, rows: list[ScoreRow], g: gap.Gap) -> Answer:
        url = next((r.source_url for r in rows if r.source_url), "")
        return Answer(question=q.text, intent=q.intent, headline="", markdown="", category=key[3],
                      source=family(key[0]), benchmark=key[1], snapshot=key[2], source_url=url or None,
                      best_open=g.best_open, best_closed=g.best_closed, gap_points=g.points,
                      gap_relative_pct=g.relative_pct, gap_months=g.months,
                      sources_line=compose.source_line(key[1], key[2], url))

    def _finish(self, ans: Answer) -> Answer:
        # Everything shown comes partly from files: defang mentions and bidi controls once, here.
        ans.headline = compose.defang(ans.headline)
        ans.fields = [(compose.defang(n), compose.defang(v)) for n, v in ans.fields]
        ans.notes = [compose.defang(n) for n in ans.notes]
        for p in ans.citations:
            p.text, p.title, p.source = compose.defang(p.text), compose.defang(p.title), compose.defang(p.source)
        parts = [f"**{ans.headline}**"] if ans.headline else []
        for name, value in ans.fields:
            parts.append(f"**{name}:** {value}" if "\n" not in value else f"**{name}:**\n{value}")
        for p in ans.citations:
            meta = ", ".join(x for x in (p.source, p.date) if x)
            parts.append(f"> {_quote(p.text)}\n— *{p.title}* ({meta or 'undated'})")
        parts += [f"_{n}_" for n in ans.notes]
        if ans.sources_line:
            parts.append(ans.sources_line)
        ans.markdown = "\n\n".join(parts)
        return ans

    def _out_of_scope(self, q: Query) -> Answer:
        head = "Ask me something about AI models." if q.reason == "empty" else "That's outside what I know about."
        ans = Answer(question=q.text, intent="out_of_scope", headline=head, markdown="", ok=False)
        ans.notes = []
        ans.markdown = f"**{head}**\n\n{HELP}"
        return ans

    def _no_data(self, q: Query, message: str) -> Answer:
        return Answer(question=q.text, intent=q.intent, headline=message, markdown=f"**{message}**", ok=False,
                      category=q.category, source=q.source)

    def _no_board(self, q: Query, category: str) -> Answer:
        where = f" from {q.source}" if q.source else ""
        have = sorted({k[3] for k in self.index().boards if not q.source or family(k[0]) == q.source})
        msg = (f"I have no leaderboard{where} that scores both open and proprietary models on {label(category)}."
               + (f" Categories I can answer: {', '.join(have)}." if have else ""))
        return self._no_data(q, msg)

    def _model_not_found(self, q: Query, idx: Index, ids: list[str]) -> Answer:
        names = [i[4:] if i.startswith("org:") else idx.names.get(i, i) for i in ids] or ["that model"]
        msg = (f"I found no leaderboard that scores {' and '.join(names)}"
               + (" together" if len(names) > 1 else "") + ".")
        if not ids:
            msg = "Name the model(s) you mean, e.g. 'how does DeepSeek V3.2 compare to GPT-5.1?'"
        return self._no_data(q, msg)

    # -- corpus listing ---------------------------------------------------------------------------------------
    def sources(self) -> Answer:
        idx = self.index()
        m = idx.manifest
        by_board: dict[tuple[str, str], set[str]] = defaultdict(set)
        counts: dict[tuple[str, str], int] = defaultdict(int)
        for (src, bench, snap, _cat), rows in idx.boards.items():
            by_board[(family(src), bench)].add(snap)
            counts[(family(src), bench)] = max(counts[(family(src), bench)], len({r.model for r in rows}))
        lines = []
        for (fam, bench), snaps in sorted(by_board.items()):
            s = sorted(snaps)
            span = s[0] if len(s) == 1 else f"{len(s)} snapshots, {s[0]} → {s[-1]}"
            lines.append(f"• {bench} ({fam}): {span}, up to {counts[(fam, bench)]} models")
        articles = [f for f in m.files.values() if f.get("format") == "article"]
        fields = [("Leaderboards", "\n".join(lines) or "none yet")]
        if articles:
            titles = sorted(a.get("title") or a.get("name", "") for a in articles)
            fields.append((f"Articles ({len(articles)})", "\n".join(f"• {t}" for t in titles[:20])))
        fields.append(("Last refreshed", f"{m.refreshed_at or 'never'} (generation {m.generation})"))
        ans = Answer(question="sources", intent="sources", headline="What is in the corpus", markdown="",
                     fields=fields)
        return self._finish(ans)

    def model_names(self, prefix: str = "", limit: int = 25) -> list[str]:
        """Display names for autocomplete, best matches first."""
        idx = self.index()
        p = prefix.lower().strip()
        names = sorted(set(idx.names.values()), key=str.lower)
        starts = [n for n in names if n.lower().startswith(p)]
        contains = [n for n in names if p in n.lower() and n not in starts]
        return (starts + contains)[:limit]


def _trend_point(p: gap.TrendPoint) -> dict:
    return {"snapshot": p.snapshot, "gap_points": p.gap.points, "best_open": compose.num(p.gap.best_open.score),
            "best_closed": compose.num(p.gap.best_closed.score), "best_open_model": p.gap.best_open.display_name,
            "best_closed_model": p.gap.best_closed.display_name}


def _quote(text: str, limit: int = 400) -> str:
    """A passage as a one-paragraph quote: markdown headings and line breaks flattened."""
    import re

    from gapbot.answer import excerpt

    text = re.sub(r"(?m)^\s*#{1,6}\s*", "", text)
    return excerpt(text, limit).replace("\n", " ")
