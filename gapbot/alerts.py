"""When the gap moves: each leaderboard's headline gaps (overall and per category) compared between two served
generations. Pure: an Index in, figures out; the bot decides where they are posted.

A move is worth an alert when an open model takes or loses the lead, or when the gap changes by more than a
threshold (points on percentage boards; rating boards, whose scores spread over hundreds of points, 5x that).
A board that was not there before (a first ingest, a new leaderboard) is never an alert: there is nothing to
compare it with.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from gapbot import gap, units
from gapbot.serving import Index, family

RATING_FACTOR = 5.0
HeadlineKey = tuple[str, str, str]  # leaderboard family, benchmark, category


@dataclass(frozen=True, slots=True)
class Headline:
    source: str  # the leaderboard family ("livebench")
    benchmark: str
    category: str
    snapshot: str
    best_open: str  # display names
    open_score: float
    best_closed: str
    closed_score: float
    gap: float  # best proprietary minus best open: negative when an open model leads

    @property
    def open_leads(self) -> bool:
        return self.gap < 0

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class GapMove:
    kind: str  # "open_took_lead" | "open_lost_lead" | "narrowed" | "widened"
    before: Headline
    after: Headline

    @property
    def change(self) -> float:
        return round(self.after.gap - self.before.gap, 2)


def headlines(idx: Index) -> dict[HeadlineKey, Headline]:
    """The newest two-sided board of each leaderboard, benchmark and category, and its gap."""
    newest: dict[HeadlineKey, tuple] = {}
    for key in idx.two_sided:
        source, benchmark, snapshot, category = key
        hk = (family(source), benchmark, category)
        # At one date the fuller board (a release over an extract), by its summary: reading every board's rows
        # to count them took ~20 s after a million-row upload.
        rank = (snapshot, idx.board_size[key])
        if hk not in newest or rank > newest[hk][0]:
            newest[hk] = (rank, key)
    out: dict[HeadlineKey, Headline] = {}
    for hk, (_rank, key) in newest.items():
        g = gap.quality_gap(idx.boards[key])
        if g.best_open is None or g.best_closed is None or g.points is None:
            continue
        out[hk] = Headline(hk[0], hk[1], hk[2], key[2], g.best_open.display_name or g.best_open.model,
                           g.best_open.score, g.best_closed.display_name or g.best_closed.model, g.best_closed.score,
                           g.points)
    return out


def threshold_for(benchmark: str, points: float) -> float:
    return points * RATING_FACTOR if units.scale(benchmark) == "elo" else points


def compare(before: dict[HeadlineKey, Headline], after: dict[HeadlineKey, Headline], threshold: float
            ) -> list[GapMove]:
    """The moves worth an alert, lead changes first, then the largest changes."""
    moves = []
    for key, a in after.items():
        b = before.get(key)
        if b is None:
            continue
        if a.open_leads and not b.open_leads:
            moves.append(GapMove("open_took_lead", b, a))
        elif b.open_leads and not a.open_leads:
            moves.append(GapMove("open_lost_lead", b, a))
        elif abs(a.gap - b.gap) > threshold_for(a.benchmark, threshold):
            moves.append(GapMove("narrowed" if abs(a.gap) < abs(b.gap) else "widened", b, a))
    lead = ("open_took_lead", "open_lost_lead")
    return sorted(moves, key=lambda m: (m.kind not in lead, -abs(m.change), m.after.source, m.after.category))


def from_dicts(data: dict) -> dict[HeadlineKey, Headline]:
    """Headlines saved as {"family|benchmark|category": Headline fields} (the bot keeps the last ones it saw)."""
    out = {}
    for key, fields in data.items():
        try:
            h = Headline(**fields)
        except TypeError:
            continue  # saved by another version: compared no more
        out[tuple(key.split("|", 2))] = h
    return out


def to_dicts(heads: dict[HeadlineKey, Headline]) -> dict[str, dict]:
    return {"|".join(k): h.as_dict() for k, h in heads.items()}


# -- words (an alert is not an answer to a question, so it has its own few phrases) ------------------------------
_KIND_WORDS = {"open_took_lead": "🟢 an open-weights model took the lead",
               "open_lost_lead": "🔴 open-weights models lost the lead",
               "narrowed": "gap narrowed", "widened": "gap widened"}


def move_line(m: GapMove) -> str:
    """One move in words, its figures and snapshots from the rows (names escaped: they come from files)."""
    from gapbot.inert import escape
    from gapbot.phrases import num

    a, b = m.after, m.before
    where = f"**{escape(a.benchmark)}** {escape(a.category)}"
    lead = f"{escape(a.best_open)} {num(a.open_score)} vs {escape(a.best_closed)} {num(a.closed_score)}"
    change = f"{'+' if m.change > 0 else ''}{num(m.change)}"
    return (f"{where}: {_KIND_WORDS[m.kind]}: gap {num(b.gap)} → {num(a.gap)} {units.unit(a.benchmark)} ({change}); "
            f"{lead} (snapshot {a.snapshot}, was {b.snapshot})")


def title(moves: list[GapMove]) -> str:
    leads = sum(m.kind in ("open_took_lead", "open_lost_lead") for m in moves)
    if leads:
        return f"The lead changed on {leads} board{'s' if leads > 1 else ''}"
    return f"The gap moved on {len(moves)} board{'s' if len(moves) > 1 else ''}"
