"""What the engine returns: computed figures, the composed markdown, and citations. Edges only format it."""

from __future__ import annotations

from dataclasses import dataclass, field

from gapbot.models import Passage, ScoreRow


def model_ref(row: ScoreRow | None) -> dict | None:
    if row is None:
        return None
    return {"model": row.display_name or row.model, "id": row.model, "score": round(row.score, 2),
            "organization": row.organization or None, "release_date": row.release_date or None,
            "open_weights": row.open_weights}


@dataclass(slots=True)
class Answer:
    question: str
    intent: str
    headline: str
    markdown: str
    category: str | None = None
    source: str | None = None
    benchmark: str | None = None
    snapshot: str | None = None
    source_url: str | None = None
    best_open: ScoreRow | None = None
    best_closed: ScoreRow | None = None
    gap_points: float | None = None
    gap_relative_pct: float | None = None
    gap_months: float | None = None
    trend: list[dict] = field(default_factory=list)  # {snapshot, gap_points, best_open, best_closed}
    trend_direction: str | None = None
    leaders: list[ScoreRow] = field(default_factory=list)
    models: list[dict] = field(default_factory=list)  # compare/model: one entry per model
    fields: list[tuple[str, str]] = field(default_factory=list)  # (name, value) for embeds
    citations: list[Passage] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    sources_line: str = ""
    ok: bool = True  # False for out-of-scope / no data replies
    polished: bool = False  # True when an LLM rewrote the prose (figures verified)

    def to_dict(self) -> dict:
        return {
            "question": self.question,
            "intent": self.intent,
            "category": self.category,
            "source": self.source,
            "benchmark": self.benchmark,
            "snapshot": self.snapshot,
            "source_url": self.source_url,
            "best_open": model_ref(self.best_open),
            "best_closed": model_ref(self.best_closed),
            "gap_points": self.gap_points,
            "gap_relative_pct": self.gap_relative_pct,
            "gap_months": self.gap_months,
            "trend": self.trend,
            "trend_direction": self.trend_direction,
            "leaders": [model_ref(r) for r in self.leaders],
            "models": self.models,
            "headline": self.headline,
            "answer": self.markdown,
            "citations": [{"title": p.title, "source": p.source, "date": p.date or None,
                           "excerpt": excerpt(p.text)} for p in self.citations],
            "notes": self.notes,
            "polished": self.polished,
        }


def excerpt(text: str, limit: int = 280) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut + "…"
