"""Choosing the board (and, for trends, the series of boards) a question is answered from. Pure: reads an Index."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from gapbot import gap
from gapbot.benchmarks import board_matches
from gapbot.categories import CATEGORIES
from gapbot.models import ScoreRow
from gapbot.serving import BoardKey, Index, family
from gapbot.uploaded import FAMILY as UPLOAD_FAMILY

CUMULATIVE_SOURCES = ("aider", "epoch")  # one file, many dated runs: trends are rebuilt as of each month


def candidates(idx: Index, category: str, source: str | None, need_both: bool = True,
               model: str | None = None, as_of: date | None = None) -> list[BoardKey]:
    """Boards of this category (and leaderboard), newest first; at the same date the fuller board (a raw release
    over a curated extract). `need_both`: only boards scoring open and proprietary models. `as_of`: only boards
    dated on or before it (a question about the past)."""
    until = as_of.isoformat() if as_of else None
    # An upload (family "upload", gapbot/uploaded.py) answers only when its family is named.
    holding = idx.boards_with(model) if model else None
    keys = [key for key in idx.by_category.get(category, ())
            if (family(key[0]) == source if source else family(key[0]) != UPLOAD_FAMILY)
            and (not need_both or key in idx.two_sided)
            and (holding is None or key in holding) and (until is None or key[2][:10] <= until)]
    return sorted(keys, key=lambda k: (k[2], idx.board_size[k]), reverse=True)


def prefer_benchmark(keys: list[BoardKey], benchmark: str | None, only: bool = False) -> list[BoardKey]:
    """The boards of the benchmark asked for first ("gpqa" -> Epoch's GPQA board), then those of the same family
    of benchmark (GPQA for "GPQA Diamond"), then the rest: a benchmark the index lacks is answered from the closest
    board, which the answer's reading line names ("GPQA Diamond (not in my data; answered from GPQA ...)").
    `only`: where the benchmark has boards, those alone."""
    if not benchmark:
        return keys
    family_word = benchmark.split()[0].lower()

    def rank(k: BoardKey) -> int:
        if board_matches(benchmark, k[1]):
            return 0
        return 1 if k[1].lower().startswith(family_word) else 2

    ranked = sorted(keys, key=rank)  # stable: newest first within each rank
    exact = [k for k in ranked if rank(k) == 0]
    return exact if only and exact else ranked  # `only`: a trend keeps to the benchmark's own series


def rows_as_of(idx: Index, key: BoardKey, as_of: date | None) -> list[ScoreRow]:
    """A board's rows; asked about a past date, the board as it stood then (models listed later left out)."""
    rows = idx.boards[key]
    return gap.existed_by(rows, as_of.isoformat(), 0) if as_of else rows


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


def trend_series(idx: Index, keys: list[BoardKey], since: date | None = None, as_of: date | None = None
                 ) -> tuple[str, str, dict[str, list[ScoreRow]], bool] | None:
    """The leaderboard (family, benchmark) whose dated boards make the trend asked for, its boards by snapshot
    (within since..as_of), and whether they were rebuilt month by month from one cumulative board.

    Preferred, in order: a series of at least two boards; when a start was asked for, the one covering most of the
    span asked for; the one whose data is newest (a trend that stops in 2023 does not answer "is the gap
    shrinking?" when the leaderboard has boards to 2025-12); then the one with more boards. None when no board is
    in the span."""
    grouped: dict[tuple[str, str], dict[str, BoardKey]] = defaultdict(dict)
    for k in keys:
        grouped[(family(k[0]), k[1])].setdefault(k[2], k)
    start = since.isoformat() if since else ""
    end = as_of.isoformat() if as_of else "9999"
    # Chosen by dates, which the keys hold: only the chosen series' rows are read (and a cumulative board's).
    series: dict[tuple[str, str], tuple[dict, bool]] = {}
    for (fam, bench), dated in grouped.items():
        rebuilt = fam in CUMULATIVE_SOURCES
        # a cumulative source's newest file holds every run to date: rebuilt as it stood at the end of each month
        boards = gap.cumulative_boards(idx.boards[dated[max(dated)]]) if rebuilt else dated
        within = {d: b for d, b in boards.items() if start <= d[:10] <= end}
        if within:
            series[(fam, bench)] = (within, rebuilt)
    if not series:
        return None  # no board in the span asked for
    def rank(s: tuple[str, str]):
        boards = series[s][0]
        first, last = min(boards)[:10], max(boards)[:10]
        covered = (date.fromisoformat(last) - date.fromisoformat(first)).days if since else 0
        return len(boards) >= 2, covered, last, len(boards)

    fam, bench = max(series, key=rank)
    boards, rebuilt = series[(fam, bench)]
    if rebuilt:
        return fam, bench, boards, rebuilt
    return fam, bench, complete_boards({d: idx.boards[k] for d, k in boards.items()}), rebuilt


def complete_boards(boards: dict[str, list[ScoreRow]]) -> dict[str, list[ScoreRow]]:
    """The boards of a series without the partial ones: a board with under half the series' median number of
    models (LiveBench's 2025-01-25 table holds 20 of a release's 60-odd) compares a different field of models and
    would show as a jump in the trend. The dates left out are the keys missing from the result."""
    if len(boards) < 3:
        return boards
    sizes = sorted(len({r.model for r in rows}) for rows in boards.values())
    median = sizes[len(sizes) // 2]
    return {d: rows for d, rows in boards.items() if len({r.model for r in rows}) * 2 >= median}


def resolve_models(idx: Index, ids: list[str], category: str, source: str | None, as_of: date | None = None
                   ) -> tuple[BoardKey, list[str]] | None:
    """The newest board holding every named model (an organization means its best model on that board); asked
    about a past date, the newest from then, else (none from then) the newest, which the reading line says."""
    cats = [category] + [c for c in ("overall", *CATEGORIES) if c != category]
    for until in dict.fromkeys((as_of, None)):
        for cat in dict.fromkeys(cats):
            for key in candidates(idx, cat, source, need_both=False, as_of=until):
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
