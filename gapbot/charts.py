"""Charts for answers: the best open-weights vs the best proprietary score over the snapshots, with the gap.

matplotlib is imported lazily (it costs ~0.5 s) and only through its object-oriented API with the Agg canvas, so
`render_trend` is safe to call from a worker thread and never touches pyplot's global state. Blocking: call it in
a thread from async code.
"""

from __future__ import annotations

import io

from gapbot.result import Result


def render_trend(result: Result, width: float = 8.0, height: float = 4.5, dpi: int = 100) -> bytes:
    """A PNG of a trend result's points: best open and best proprietary score per snapshot, the gap between."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    points = result.trend.points if result.trend else ()
    if not points:
        raise ValueError("this answer has no trend points to draw")

    dates = [p.snapshot for p in points]
    use_dates = all(d is not None for d in dates)
    xs = dates if use_dates else list(range(len(points)))
    opens = [p.best_open.score for p in points]
    closeds = [p.best_closed.score for p in points]

    fig = Figure(figsize=(width, height), dpi=dpi, layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    ax.plot(xs, closeds, marker="o", color="#c92a2a", label="best proprietary")
    ax.plot(xs, opens, marker="o", color="#2b8a3e", label="best open-weights")
    ax.fill_between(xs, opens, closeds, color="#868e96", alpha=0.18, label="gap")
    for x, o, c in zip(xs, opens, closeds, strict=True):
        ax.annotate(f"gap {c - o:.1f}", xy=(x, (o + c) / 2), ha="center", va="center", fontsize=8, color="#495057")
    if not use_dates:
        ax.set_xticks(xs, [str(p.snapshot or "?") for p in points], rotation=30, ha="right")
    else:
        fig.autofmt_xdate()
    category = (result.category or "overall").capitalize()
    bench = result.benchmark or "leaderboard"
    ax.set_title(f"{category} on {bench}: best open-weights vs best proprietary")
    ax.set_ylabel("score")
    ax.grid(True, alpha=0.3)
    ax.legend(loc="best", fontsize=8)
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()
