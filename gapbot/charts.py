"""Charts for answers: the best open-weights vs the best proprietary score over the snapshots, with the gap.

matplotlib is imported lazily (it costs ~0.5 s) and only through its object-oriented API with the Agg canvas, so
`render_trend` is safe to call from a worker thread and never touches pyplot's global state. Blocking: call it in
a thread from async code.
"""

from __future__ import annotations

import io
from datetime import date


def _num(value) -> float | None:
    if value is None or value == "" or value == "n/a":
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _when(snapshot: str):
    try:
        return date.fromisoformat(str(snapshot)[:10])
    except ValueError:
        return None


def render_trend(answer, width: float = 8.0, height: float = 4.5, dpi: int = 100) -> bytes:
    """A PNG of `answer.trend` ({snapshot, best_open, best_closed, gap_points, ...} per point)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    points = []
    for p in answer.trend or []:
        o, c = _num(p.get("best_open")), _num(p.get("best_closed"))
        if o is None and c is None:
            continue
        points.append((p.get("snapshot", ""), o, c, _num(p.get("gap_points"))))
    if not points:
        raise ValueError("this answer has no trend points to draw")

    dates = [_when(s) for s, *_ in points]
    use_dates = all(d is not None for d in dates)
    xs = dates if use_dates else list(range(len(points)))
    opens = [o for _, o, _, _ in points]
    closeds = [c for _, _, c, _ in points]

    fig = Figure(figsize=(width, height), dpi=dpi, layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    ax.plot(xs, closeds, marker="o", color="#c92a2a", label="best proprietary")
    ax.plot(xs, opens, marker="o", color="#2b8a3e", label="best open-weights")
    both = [(x, o, c) for x, o, c in zip(xs, opens, closeds, strict=True) if o is not None and c is not None]
    if both:
        bx, bo, bc = zip(*both, strict=True)
        ax.fill_between(bx, bo, bc, color="#868e96", alpha=0.18, label="gap")
        for x, o, c in both:
            ax.annotate(f"gap {c - o:.1f}", xy=(x, (o + c) / 2), ha="center", va="center", fontsize=8,
                        color="#495057")
    if not use_dates:
        ax.set_xticks(xs, [s for s, *_ in points], rotation=30, ha="right")
    else:
        fig.autofmt_xdate()
    category = (answer.category or "overall").capitalize()
    bench = answer.benchmark or "leaderboard"
    ax.set_title(f"{category} on {bench}: best open-weights vs best proprietary")
    ax.set_ylabel("score")
    ax.grid(True, alpha=0.3)
    ax.legend(loc="best", fontsize=8)
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()
