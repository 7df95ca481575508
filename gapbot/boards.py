"""Choosing the board (and, for trends, the series of boards) a question is answered from. Pure: reads an Index."""

from __future__ import annotations

from collections import defaultdict

from gapbot import gap
from gapbot.categories import CATEGORIES
from gapbot.models import ScoreRow
from gapbot.serving import BoardKey, Index, family

CUMULATIVE_SOURCES = ("aider", "epoch")  # one file, many dated runs: trends are rebuilt as of each month


def candidates(idx: Index, category: str, source: str | None, need_both: bool = True,
               model: str | None = None) -> list[BoardKey]:
    """Boards of this category (and leaderboard), newest first; at the same date the fuller board (a raw release
    over a curated extract). `need_both`: only boards scoring open and proprietary models."""
    keys = [key for key in idx.by_category.get(category, ())
            if (not source or family(key[0]) == source) and (not need_both or key in idx.two_sided)
            and (not model or model in idx.board_models[key])]
    return sorted(keys, key=lambda k: (k[2], len(idx.board_models[k])), reverse=True)


def others(keys: list[BoardKey], chosen: BoardKey) -> list[BoardKey]:
    """The newest board of each other leaderboard covering the category, for 'also' lines."""
    seen = {(family(chosen[0]), chosen[1])}
    out = []
    for k in keys:
        if (family(k[0]), k[1]) not in seen:
            seen.add((family(k[0]), k[1]))
            out.append(k)
    return out[:3]


def default_category(idx: Index, source: str | None) -> str:
    """'overall' unless the named leaderboard has no such board (Aider only scores coding)."""
    cats = {k[3] for k in idx.boards if not source or family(k[0]) == source}
    if not source or "overall" in cats or not cats:
        return "overall"
    return "coding" if "coding" in cats else sorted(cats)[0]


def available_categories(idx: Index, source: str | None) -> list[str]:
    return sorted({k[3] for k in idx.boards if not source or family(k[0]) == source})


def same_snapshot(idx: Index, category: str, key: BoardKey) -> BoardKey | None:
    """This category's board of the same leaderboard and snapshot as `key`, if it compares both sides."""
    return next((k for k in candidates(idx, category, family(key[0])) if k[2] == key[2]), None)


def trend_series(idx: Index, keys: list[BoardKey]) -> tuple[str, str, dict[str, list[ScoreRow]], bool]:
    """The leaderboard (family, benchmark) with the most dated boards among `keys`, its boards by snapshot, and
    whether they were rebuilt month by month from one cumulative board."""
    series: dict[tuple[str, str], dict[str, list[ScoreRow]]] = defaultdict(dict)
    for k in keys:
        series[(family(k[0]), k[1])].setdefault(k[2], idx.boards[k])
    fam, bench = max(series, key=lambda s: (len(series[s]), max(series[s])))
    boards = series[(fam, bench)]
    rebuilt = len(boards) == 1 and fam in CUMULATIVE_SOURCES
    if rebuilt:
        boards = gap.cumulative_boards(next(iter(boards.values())))
    return fam, bench, boards, rebuilt


def resolve_models(idx: Index, ids: list[str], category: str, source: str | None
                   ) -> tuple[BoardKey, list[str]] | None:
    """The newest board holding every named model (an organization means its best model on that board)."""
    cats = [category] + [c for c in ("overall", *CATEGORIES) if c != category]
    for cat in dict.fromkeys(cats):
        for key in candidates(idx, cat, source, need_both=False):
            resolved = _resolve_on(gap.best_per_model(idx.boards[key]), ids)
            if resolved is not None and len(set(resolved)) == len(ids):
                return key, resolved
    return None


def _resolve_on(ranked: list[ScoreRow], ids: list[str]) -> list[str] | None:
    resolved: list[str] = []
    for mid in ids:
        if mid.startswith("org:"):
            org = mid[4:].lower()
            hit = next((r.model for r in ranked if r.organization.lower() == org and r.model not in resolved), None)
        else:
            hit = mid if any(r.model == mid for r in ranked) else None
        if hit is None:
            return None
        resolved.append(hit)
    return resolved


def catch_up_boards(idx: Index, target: str, category: str, source: str | None) -> list[BoardKey]:
    """Boards holding the target model: in the asked category, else in any."""
    keys = candidates(idx, category, source, need_both=False, model=target)
    if not keys:
        keys = [k for c in CATEGORIES for k in candidates(idx, c, source, need_both=False, model=target)]
    return keys


def earliest_catch_up(idx: Index, keys: list[BoardKey], target: str) -> tuple[BoardKey, gap.CatchUp | None]:
    """The board where an open model first matched the target: the earliest date any board shows it, the newest
    board on a tie; without a dated match, the first board with a match, else the first board."""
    results = [(k, gap.catch_up(idx.boards[k], target)) for k in keys]
    matched = [(k, c) for k, c in results if c and c.first_open]
    dated = [(k, c) for k, c in matched if c.open_date]
    if dated:
        return min(dated, key=lambda kc: (kc[1].open_date, tuple(-ord(ch) for ch in kc[0][2])))
    return matched[0] if matched else results[0]
