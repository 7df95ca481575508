"""Model-name suggestions for autocomplete: what someone is typing ("qwen3 cod", "gpt 5", "dpsk v3") -> display
names, best match first and, among equally good matches, the newest model first.

How good a match is comes in tiers, because a fuzzy score alone ranks "Qwen 1.5 7B" above "Qwen3 Coder" for "qwen3
cod" by a point or two:
  0  the name as typed (case, spaces and punctuation aside)
  1  the typed words start words of the name, in order and one after another ("gpt 5" -> GPT-5, GPT-5.1, GPT-5
     mini, not GPT-4.5; "qwen3 cod" -> Qwen3 Coder)
  2  every typed word starts some word of the name, in any order ("coder qwen3"); a number must be a whole word
     here ("llama 4" is not "Llama 3.3 … 49B")
  3  the typed letters appear in the name as written together ("qwen3cod", "deepseekv3")
  4  only when nothing matched as written: a close spelling (rapidfuzz WRatio over the normalized name, at least
     FUZZY_CUTOFF), closest first ("deepsek v3" -> DeepSeek V3)
Tiers 2-3 are offered only when 0-1 found nothing, and tier 4 only when no tier did ("gpt 5" is the GPT-5
family, not also GPT-4.5). Within a tier: newest first (release date, else the date a leaderboard first listed the
model), then the name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

FUZZY_CUTOFF = 72.0
_WORD = re.compile(r"[a-z0-9]+")


def words(text: str) -> list[str]:
    """'Qwen3-Coder 480B' -> ['qwen3', 'coder', '480b']: lowercase runs of letters and digits."""
    return _WORD.findall(text.lower())


@dataclass(frozen=True, slots=True)
class Suggester:
    names: tuple[str, ...]  # display names, newest first
    keys: tuple[str, ...]  # their words joined by spaces
    squashed: tuple[str, ...]  # their words joined without spaces
    split: tuple[tuple[str, ...], ...]  # their words

    @classmethod
    def build(cls, dated: dict[str, str]) -> Suggester:
        """From {display name: newest known date ('' unknown)}."""
        order = sorted(dated, key=str.lower)
        order.sort(key=lambda n: dated[n], reverse=True)  # stable: the same date keeps the names in order
        order.sort(key=lambda n: not dated[n])  # undated names after the dated ones
        split = tuple(tuple(words(n)) for n in order)
        return cls(tuple(order), tuple(" ".join(w) for w in split), tuple("".join(w) for w in split), split)

    def suggest(self, typed: str, limit: int = 25) -> list[str]:
        typed_words = words(typed)
        if not typed_words:
            return list(self.names[:limit])
        key, squashed = " ".join(typed_words), "".join(typed_words)
        tiers: dict[int, tuple[int, float]] = {}  # name index -> (tier, -score)
        loose: dict[int, tuple[int, float]] = {}
        for i, name_words in enumerate(self.split):
            if self.keys[i] == key or self.squashed[i] == squashed:
                tiers[i] = (0, 0.0)
            elif _in_order(typed_words, name_words):
                tiers[i] = (1, 0.0)
            elif all(any(_starts(w, t) for w in name_words) for t in typed_words):
                loose[i] = (2, 0.0)
            elif squashed in self.squashed[i]:
                loose[i] = (3, 0.0)
        tiers = tiers or loose  # looser matches only when nothing matched word by word
        if not tiers and len(squashed) >= 3:  # a typo: nothing matched as written
            for _, score, i in process.extract(key, self.keys, scorer=fuzz.WRatio, score_cutoff=FUZZY_CUTOFF,
                                               limit=limit * 2):
                tiers[i] = (4, -score)
        ranked = sorted(tiers, key=lambda i: (tiers[i], i))  # `i` is the recency order of build()
        return [self.names[i] for i in ranked[:limit]]


def _starts(word: str, typed: str) -> bool:
    return word == typed if typed.isdigit() else word.startswith(typed)


def _in_order(typed: list[str], name: tuple[str, ...]) -> bool:
    """The typed words start consecutive words of the name, in order, anywhere in it."""
    n = len(typed)
    return any(all(name[start + k].startswith(typed[k]) for k in range(n)) for start in range(len(name) - n + 1))


def newest_dates(names: Iterable[tuple[str, str]], model_dates: Iterable[tuple[str, str, str | None]],
                 registry_models) -> dict[str, str]:
    """{display name: the newest date known for a model of that name}: its release date (registry or row), else the
    date a leaderboard first listed it, else the first snapshot holding it ('' when none). `names`: (model, display
    name) as the rows give them, first occurrence first; `model_dates`: per model, the newest release or first-seen
    date of its rows and the earliest snapshot of its rows with neither (gapbot.rowcache.RowStore.model_dates)."""
    display: dict[str, str] = {}
    dates: dict[str, str] = {}
    for m in registry_models:
        display.setdefault(m.id, m.name)
        if m.release_date:
            dates[m.id] = max(dates.get(m.id, ""), m.release_date)
    for model, name in names:
        display.setdefault(model, name or model)
    first_snapshot: dict[str, str] = {}
    for model, known, snapshot in model_dates:
        if known > dates.get(model, ""):
            dates[model] = known
        if snapshot:
            first_snapshot[model] = snapshot
    out: dict[str, str] = {}
    for mid, name in display.items():
        when = dates.get(mid) or first_snapshot.get(mid, "")
        if when >= out.get(name, ""):
            out[name] = when
    return out
