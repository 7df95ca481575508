"""Charts for answers, drawn from a `Result`'s figures (this module computes nothing, it only draws):

- `render_trend`: the gap (best proprietary minus best open-weights, in points) at each snapshot of one leaderboard,
  points joined, the region where open models lead in its own colour, the interval of the gap where the board has
  one (LMArena), the two models at the first and last point and wherever the lead changes hands; below it, the
  time gap in months where release dates give one.
- `render_frontier`: each group's best score to date against release date (Epoch AI's step view), the models that
  set a new record named sparsely, and the time gap drawn as the horizontal distance between the two lines.

Made to be read at the ~400 px an embed image gets: a 4.8 x 3.2 inch design drawn at 200 dpi (960 x 640 px), big
type, few ticks, on a mid-dark card with light, high-contrast colours that read on Discord's dark and light themes
alike. Every chart names its source and data date in the image.

matplotlib is imported lazily (it costs ~0.5 s) and only through its object-oriented API with the Agg canvas, so the
functions are safe to call from a worker thread and never touch pyplot's global state. Blocking: call them in a
thread from async code. Text from files (model names) is drawn with maths parsing off, so a '$' stays a '$'.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlparse

from gapbot.categories import label
from gapbot.result import FrontierStep, Result, TrendPoint

WIDTH_IN, HEIGHT_IN, DPI = 4.8, 3.2, 200
NAME_CHARS = 22  # longer model names are cut with an ellipsis
FONT = 8.5  # points: labels and ticks are ~10 px tall when the chart is shown 400 px wide


@dataclass(frozen=True)
class Theme:
    card: str = "#1f2329"  # mid-dark: a card on Discord's dark grey (#313338), a dark card on white
    panel: str = "#262b33"
    text: str = "#f1f3f5"
    muted: str = "#aeb6bf"
    grid: str = "#3b414b"
    open: str = "#38d9a9"  # teal and orange: apart for the common colour-vision deficiencies too
    closed: str = "#ffa94d"
    gap: str = "#e9ecef"
    open_region: str = "#38d9a9"


THEME = Theme()


@dataclass(frozen=True)
class Label:
    """Text to put next to a point (x in data units: a date or an index)."""

    x: object
    y: float
    text: str
    colour: str
    bold: bool = False
    narrower: tuple[str, ...] = ()  # narrower forms (on two lines, shorter), tried in turn where the text fits nowhere


def render(result: Result, dpi: int = DPI) -> bytes:
    """The chart of a trend or frontier result, as a PNG."""
    renderers = {"trend": render_trend, "frontier": render_frontier}
    if result.kind not in renderers:
        raise ValueError(f"no chart for a {result.kind} answer")
    return renderers[result.kind](result, dpi)


# -- the trend chart --------------------------------------------------------------------------------------------------
def render_trend(result: Result, dpi: int = DPI) -> bytes:
    """A PNG of a trend result: the gap at each snapshot (and the time gap below it, where known)."""
    points = result.trend.points if result.trend else ()
    if not points:
        raise ValueError("this answer has no trend points to draw")
    t = THEME
    fig, canvas = _figure(dpi)
    has_months = sum(p.months is not None for p in points) >= 2
    top, bottom = (*_frame(fig, rows=(3, 1) if has_months else (1,)), None)[:2]
    xs = _xs([p.snapshot for p in points])
    gaps = [p.gap_points for p in points]

    # The zero line splits who leads; below it is the open models' region, in their colour.
    ax = top
    lo, hi = _gap_limits(points)
    ax.set_ylim(lo, hi)
    ax.axhspan(lo, 0, color=t.open_region, alpha=0.16, lw=0, zorder=0)
    ax.axhline(0, color=t.muted, lw=1.0, zorder=1)
    ax.text(0.99, 0.03 if lo < 0 else 0.0, "open models lead ↓", transform=ax.transAxes, ha="right", va="bottom",
            fontsize=FONT - 1, color=t.open, zorder=2, clip_on=True, visible=lo < 0 and hi > 0)

    intervals = [p.gap_interval for p in points]
    if any(iv is not None for iv in intervals):
        have = [(x, iv) for x, iv in zip(xs, intervals, strict=True) if iv is not None]
        ax.fill_between([x for x, _ in have], [iv[0] for _, iv in have], [iv[1] for _, iv in have],
                        color=t.gap, alpha=0.16, lw=0, zorder=2, label="95 % interval")
        ax.errorbar([x for x, _ in have], [(iv[0] + iv[1]) / 2 for _, iv in have],
                    yerr=[(iv[1] - iv[0]) / 2 for _, iv in have], fmt="none", ecolor=t.muted, elinewidth=1,
                    capsize=2, zorder=3)
    ax.plot(xs, gaps, color=t.gap, lw=1.6, zorder=4)
    # A point whose gap interval spans zero is a statistical tie: neither colour.
    colours = [t.muted if _tie(p) else t.open if p.gap_points < 0 else t.closed for p in points]
    ax.scatter(xs, gaps, s=26, c=colours, edgecolors=t.card, linewidths=0.8, zorder=6)
    ax.set_ylabel("gap (points)", fontsize=FONT, color=t.muted)

    if has_months:
        months = [(x, p.months) for x, p in zip(xs, points, strict=True) if p.months is not None]
        # Stems, not bars: snapshots a day apart would draw bars over each other.
        bottom.vlines([x for x, _ in months], 0, [m for _, m in months], color=t.muted, lw=2.2, zorder=3)
        bottom.scatter([x for x, _ in months], [m for _, m in months], s=12, color=t.text, zorder=4)
        bottom.set_ylabel("months\nbehind", fontsize=FONT - 1, color=t.muted, linespacing=1.0)
        bottom.set_ylim(0, max(m for _, m in months) * 1.25 or 1)
        bottom.yaxis.set_major_locator(_max_ticks(2, integer=True))
        last_x, last_m = months[-1]
        bottom.annotate(f"{last_m:g} mo", (last_x, last_m), xytext=(0, 2), textcoords="offset points",
                        ha="center", va="bottom", fontsize=FONT, color=t.text, annotation_clip=False)
    _date_axis(bottom if has_months else top, xs, [p.snapshot for p in points])
    if has_months:
        top.tick_params(labelbottom=False)
    _name_trend_points(fig, top, xs, points)  # last: labels are measured on the final axes

    last = points[-1]
    cat = label(result.category or "overall")
    _header(fig, cat, result.benchmark or "", f"gap {_signed(last.gap_points)}" + (" (a tie)" if _tie(last) else ""),
            "best proprietary minus best open, per snapshot"
            + ("; band: 95 % interval" if any(iv is not None for iv in intervals) else "")
            + ("; new questions each release" if result.source == "livebench" else ""))
    span = f"{_day(points[0].snapshot)} → {_day(last.snapshot)}" if len(points) > 1 else _day(last.snapshot)
    _footer(fig, result, f"{len(points)} snapshot{'s' if len(points) > 1 else ''}, {span}")
    return _png(fig, canvas)


def _name_trend_points(fig, ax, xs: list, points: tuple[TrendPoint, ...]) -> None:
    """Both models at the endpoints and wherever the lead changes hands; each label placed where it overlaps
    no other label, or left out."""
    keep = [0, len(points) - 1]
    keep += [i for i in range(1, len(points)) if (points[i].gap_points < 0) != (points[i - 1].gap_points < 0)]
    order = list(dict.fromkeys([len(points) - 1, *sorted(set(keep) - {0, len(points) - 1}), 0]))
    labels = []
    for i in order:
        p = points[i]
        lead = "tie: " if _tie(p) else "open leads: " if p.gap_points < 0 else ""
        labels.append(Label(xs[i], p.gap_points, f"{lead}{_short(p.best_open.name)}\nvs {_short(p.best_closed.name)}",
                            THEME.open if p.gap_points < 0 else THEME.text,
                            narrower=(f"{lead}{_short(p.best_open.name, 14)}\nvs {_short(p.best_closed.name, 14)}",)))
    _place(fig, ax, labels)


def _tie(p: TrendPoint) -> bool:
    iv = p.gap_interval
    return iv is not None and iv[0] <= 0 <= iv[1]


def _gap_limits(points: tuple[TrendPoint, ...]) -> tuple[float, float]:
    values = [p.gap_points for p in points]
    for p in points:
        if p.gap_interval is not None:
            values += list(p.gap_interval)
    lo, hi = min(values + [0.0]), max(values + [0.0])
    pad = (hi - lo) * 0.28 or 1.0
    # Room for two-line labels above and below; the open region stays visible as a band when open
    # models never led.
    return lo - pad * 1.6 if lo < 0 else -pad * 0.8, hi + pad * 1.6


# -- the frontier chart -----------------------------------------------------------------------------------------------
def render_frontier(result: Result, dpi: int = DPI) -> bytes:
    """A PNG of a frontier result: each group's best score to date against release date, as two step lines."""
    f = result.frontier
    if f is None or not f.open or not f.closed:
        raise ValueError("this answer has no frontier to draw")
    t = THEME
    fig, canvas = _figure(dpi)
    (ax,) = _frame(fig, rows=(1,))
    steps = [s for s in (*f.open, *f.closed) if s.date is not None]
    first, last = min(s.date for s in steps), max([s.date for s in steps] + [result.snapshot or date.min])
    # Both lines run on a little past the newest record (half a month where every record has one date).
    end = last + ((last - first) * 0.04 if last > first else _one_month() / 2)
    for group, colour, name in ((f.open, t.open, "open-weights"), (f.closed, t.closed, "proprietary")):
        dated = [s for s in group if s.date is not None]
        xs = [s.date for s in dated]
        ys = [s.model.score for s in dated]
        # The steps drawn as vertices (not drawstyle): what is drawn is what the label placer sees.
        vx = [v for a, b in zip(xs, xs[1:] + [end], strict=True) for v in (a, b)]
        vy = [v for y in ys for v in (y, y)]
        ax.plot(vx, vy, color=colour, lw=2.0, label=name, zorder=4, solid_joinstyle="miter")
        ax.vlines(xs[1:], ys[:-1], ys[1:], color=colour, lw=2.0, zorder=4)
        ax.scatter(xs, ys, s=22, color=colour, edgecolors=t.card, linewidths=0.8, zorder=5)
        if all(s.model.score_low is not None and s.model.score_high is not None for s in dated):
            ax.errorbar(xs, ys, yerr=[[s.model.score - s.model.score_low for s in dated],
                                      [s.model.score_high - s.model.score for s in dated]],
                        fmt="none", ecolor=colour, alpha=0.6, elinewidth=1, capsize=2, zorder=4)
    ax.set_ylabel("score", fontsize=FONT, color=t.muted)
    lo = min(s.model.score_low or s.model.score for s in steps)
    hi = max(s.model.score_high or s.model.score for s in steps)
    pad = (hi - lo) * 0.18 or 1.0
    ax.set_ylim(lo - pad, hi + pad * 1.6)
    _date_axis(ax, [first, end] if last > first else [first], None)
    leg = ax.legend(loc="upper left", fontsize=FONT, frameon=False, labelcolor=t.text, handlelength=1.2,
                    borderaxespad=0.3)
    leg.set_zorder(7)
    arrow = _time_gap_arrow(ax, result)
    named = {colour: [Label(s.date, s.model.score, _short(s.model.name), colour,
                            narrower=(_wrapped(_short(s.model.name, 2 * NAME_CHARS - 8)), _short(s.model.name, 14)))
                      for s in _sparse(group)]
             for group, colour in ((f.closed, t.closed), (f.open, t.open))}
    # The newest record of each group first; then the time gap, just above or below its arrow, else on it; then
    # each group's biggest earlier jump.
    avoid = [leg, *([arrow[0]] if arrow else [])]
    _place(fig, ax, [named[t.closed][0], named[t.open][0]], avoid=avoid)
    beside = [(0, 3, "center", "bottom"), (0, -3, "center", "top")]
    if arrow and not _place(fig, ax, [arrow[1]], avoid=avoid, offsets=beside)[0]:
        _on_arrow(ax, arrow[1])
    _place(fig, ax, [*named[t.closed][1:], *named[t.open][1:]], avoid=avoid)

    g = result.gap
    cat = label(result.category or "overall")
    if g and g.points is not None and g.points <= 0:
        lag = f"open ahead by {-g.points:g} pts" if g.points < 0 else "open level"
    else:
        lag = f"open {g.months:g} months behind" if g and g.months else "the two frontiers"
    when = "the date the board first listed the model" if f.date_kind == "listing" else "model release date"
    _header(fig, cat, result.benchmark or "", lag, f"best score to date of each group, by {when}")
    newest = max(s.date for s in steps)
    # A live board (LiveBench) keeps listing models after its release date: say how far its records reach.
    _footer(fig, result, "board of " + _day(result.snapshot)
            + (f", records to {_day(newest)}" if result.snapshot and newest > result.snapshot else ""))
    return _png(fig, canvas)


def _sparse(steps: tuple[FrontierStep, ...], most: int = 2) -> list[FrontierStep]:
    """The steps worth a name: the newest record first, then the biggest jump (sparse: a 400 px chart holds few)."""
    dated = [s for s in steps if s.date is not None]
    if not dated:
        return []
    jumps = sorted(range(1, len(dated) - 1), key=lambda i: dated[i].model.score - dated[i - 1].model.score,
                   reverse=True)
    return [dated[-1], *(dated[i] for i in jumps[:most - 1])]


def _time_gap_arrow(ax, result: Result):
    """The time gap as Epoch draws it: at the best open score, from the proprietary model that reached it first to
    the first open model that did. Returns the arrow and its label (to be placed), or None."""
    g = result.gap
    if g is None or not g.months or g.closed_first is None or g.open_first is None or g.best_open is None:
        return None
    start, stop = g.closed_date, g.open_date  # the dates the engine's time gap compares
    if start is None or stop is None or stop <= start:
        return None
    y = g.best_open.score
    arrow = ax.annotate("", xy=(stop, y), xytext=(start, y), zorder=6,
                        arrowprops={"arrowstyle": "<->", "color": THEME.text, "lw": 1.1, "shrinkA": 0, "shrinkB": 0})
    return arrow, Label(start + (stop - start) / 2, y, f"{g.months:g} mo", THEME.text, bold=True)


def _on_arrow(ax, lab: Label) -> None:
    """The time gap written on its arrow, on a patch of the panel's colour: where no free place was found."""
    ax.text(lab.x, lab.y, lab.text, ha="center", va="center", fontsize=FONT, fontweight="bold", color=lab.colour,
            zorder=7, bbox={"boxstyle": "round,pad=0.2", "facecolor": THEME.panel, "edgecolor": "none"})


# -- shared drawing ---------------------------------------------------------------------------------------------------
def _figure(dpi: int):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(WIDTH_IN, HEIGHT_IN), dpi=dpi, facecolor=THEME.card)
    return fig, FigureCanvasAgg(fig)


def _frame(fig, rows: tuple[int, ...]) -> list:
    """Axes stacked between a two-line header and a one-line footer, sharing their x axis."""
    grid = fig.add_gridspec(len(rows), 1, height_ratios=rows, left=0.13, right=0.97, top=0.80, bottom=0.14,
                            hspace=0.12)
    axes = []
    for i in range(len(rows)):
        ax = fig.add_subplot(grid[i], sharex=axes[0] if axes else None)
        ax.set_facecolor(THEME.panel)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        for side in ("left", "bottom"):
            ax.spines[side].set_color(THEME.grid)
        ax.tick_params(colors=THEME.muted, labelsize=FONT, length=2)
        ax.grid(True, axis="y", color=THEME.grid, lw=0.6, zorder=0)
        ax.yaxis.set_major_locator(_max_ticks(4))
        axes.append(ax)
    return axes


def _header(fig, category: str, benchmark: str, figure: str, subtitle: str) -> None:
    """'Coding on LiveBench: gap 3.97 pts' over the subtitle; where a long benchmark name would make the title
    small, the benchmark moves to the head of the subtitle instead."""
    title = fig.text(0.03, 0.955, f"{category} on {benchmark}: {figure}", ha="left", va="top", fontsize=12,
                     fontweight="bold", color=THEME.text, parse_math=False)
    _fitted(fig, title, smallest=10.5)
    if not _fits(fig, title):
        title.set_text(f"{category}: {figure}")
        title.set_fontsize(12)
        subtitle = f"{benchmark} · {subtitle}"
    _fitted(fig, title)
    _fitted(fig, fig.text(0.03, 0.875, subtitle, ha="left", va="top", fontsize=8, color=THEME.muted,
                          parse_math=False))


def _fits(fig, text) -> bool:
    return text.get_window_extent(fig.canvas.get_renderer()).x1 <= fig.bbox.width * 0.95


def _fitted(fig, text, smallest: float = 6.0) -> None:
    """Shrink a line of text until it fits the card's width (long benchmark names), down to `smallest` points."""
    while not _fits(fig, text) and text.get_fontsize() > smallest:
        text.set_fontsize(text.get_fontsize() - 0.5)


def _footer(fig, result: Result, what: str) -> None:
    host = urlparse(result.source_url or "").hostname or ""
    where = f"{result.benchmark}" + (f" ({host})" if host else "")
    _fitted(fig, fig.text(0.03, 0.025, f"Source: {where} · {what} · gapbot", ha="left", va="bottom",
                          fontsize=7.5, color=THEME.muted, parse_math=False), smallest=5)


def _place(fig, ax, labels: list[Label], avoid: list | None = None, offsets: list | None = None) -> list[bool]:
    """Labels in priority order, each at the first offset around its point where it covers no
    label already placed, no line or marker, nothing in `avoid`, and stays inside the axes; a label that fits
    nowhere is left out (measured on the renderer, not guessed). Returns which labels were placed."""
    import numpy as np

    renderer = fig.canvas.get_renderer()
    box = ax.get_window_extent(renderer)
    taken = [a.get_window_extent(renderer) for a in [*(avoid or []), *ax.texts] if a.get_visible()]
    ink = _ink(ax)
    offsets = offsets or [(0, 7, "center", "bottom"), (0, -7, "center", "top"), (-6, 6, "right", "bottom"),
               (6, 6, "left", "bottom"), (-6, -6, "right", "top"), (6, -6, "left", "top"),
               (-4, 8, "left", "bottom"), (4, 8, "right", "bottom"), (-4, -8, "left", "top"), (4, -8, "right", "top"),
               (-12, 8, "left", "bottom"), (12, 8, "right", "bottom"), (-12, -8, "left", "top"),
               (12, -8, "right", "top"),
               (-6, 13, "right", "bottom"), (-6, -13, "right", "top"), (0, 13, "center", "bottom"),
               (0, -13, "center", "top"), (-8, -24, "right", "top"), (-8, 24, "right", "bottom"),
               (8, -24, "left", "top"), (8, 24, "left", "bottom"), (8, 40, "left", "bottom"),
               (8, -40, "left", "top"), (-8, 40, "right", "bottom"), (-8, -40, "right", "top")]
    placed: list[bool] = []
    for lab in labels:
        # Near the point first, in the label's own form and then its narrower one; far away (with a leader line)
        # only when neither fits near.
        forms = list(dict.fromkeys(f for f in (lab.text, *lab.narrower) if f))
        tries = [(f, o) for near in (True, False) for f in forms for o in offsets if (abs(o[1]) <= 20) == near]
        placed.append(False)
        for text, (dx, dy, ha, va) in tries:
            ann = ax.annotate(text, (lab.x, lab.y), xytext=(dx, dy), textcoords="offset points", ha=ha, va=va,
                              fontsize=FONT, color=lab.colour, fontweight="bold" if lab.bold else "normal",
                              linespacing=1.1, zorder=8, parse_math=False, annotation_clip=False)
            ext = ann.get_window_extent(renderer).expanded(1.04, 1.1)
            inside = box.x0 <= ext.x0 and ext.x1 <= box.x1 and box.y0 <= ext.y0 and ext.y1 <= box.y1
            covers = bool(len(ink)) and bool(np.any((ink[:, 0] > ext.x0) & (ink[:, 0] < ext.x1)
                                                    & (ink[:, 1] > ext.y0) & (ink[:, 1] < ext.y1)))
            if abs(dy) > 20 and not covers:  # a leader line may not cross a line or marker either
                covers = _crosses(ink, ax.transData.transform((_num(lab.x), lab.y)), ann.xyann, fig.dpi)
            if inside and not covers and not any(ext.overlaps(o) for o in taken):
                taken.append(ext)
                if abs(dy) > 20:  # far from its point: a thin leader line to it
                    ax.annotate("", (lab.x, lab.y), xytext=(dx, dy), textcoords="offset points", zorder=7,
                                arrowprops={"arrowstyle": "-", "color": lab.colour, "lw": 0.6, "shrinkA": 0,
                                            "shrinkB": 4, "alpha": 0.8})
                placed[-1] = True
                break
            ann.remove()
    return placed


def _crosses(ink, start, offset_pt: tuple[float, float], dpi: float) -> bool:
    """Whether a leader from `start` (display px) to the label `offset_pt` points away passes over ink, ignoring
    its first few pixels (the marker it starts from)."""
    import numpy as np

    end = start + np.array(offset_pt) * dpi / 72
    length = float(np.hypot(*(end - start)))
    if not len(ink) or length < 1:
        return False
    for t in np.linspace(10 / length, 1, max(2, int(length / 3))):
        if np.any(np.hypot(*(ink - (start + t * (end - start))).T) < 3):
            return True
    return False


def _num(x):
    """A data x as matplotlib stores it (dates as day numbers)."""
    from matplotlib.dates import date2num

    return date2num(x) if isinstance(x, date) else x


def _ink(ax):
    """Display coordinates of what is drawn in the axes: points every ~3 px along each line, and each marker
    (with a ring around it), for labels to keep clear of."""
    import numpy as np

    pts = []
    for line in ax.get_lines():
        xy = line.get_transform().transform(line.get_xydata())  # axhline: x in axes units, y in data
        if line.get_linestyle() in ("None", "", " "):  # markers only (error bar caps): no segments between them
            pts.append(xy)
            continue
        for a, b in zip(xy[:-1], xy[1:], strict=True):
            n = max(2, int(np.hypot(*(b - a)) / 3))
            pts.append(np.linspace(a, b, n))
    for coll in ax.collections:
        offsets = coll.get_offsets()
        if len(offsets) and coll.get_offset_transform() is ax.transData:
            centre = ax.transData.transform(offsets)
            ring = np.array([(dx, dy) for dx in (-7, 0, 7) for dy in (-7, 0, 7)])
            pts.append((centre[:, None, :] + ring[None, :, :]).reshape(-1, 2))
    return np.concatenate(pts) if pts else np.empty((0, 2))


def _xs(days: list[date | None]) -> list:
    return days if all(d is not None for d in days) else list(range(len(days)))


def _date_axis(ax, xs: list, names: list[date | None] | None) -> None:
    """Few ticks: dates as "Jan '26" (at most 5; "8 Jan" within a few months; the one date where all are one), or
    the snapshots' names where some are undated."""
    if xs and all(isinstance(x, date) for x in xs):
        from matplotlib.dates import AutoDateLocator, DateFormatter

        first, last = min(xs), max(xs)
        if first == last:
            ax.set_xticks([first], [first.strftime("%-d %b %Y")])
            ax.set_xlim(first - _one_month() / 2, last + _one_month() / 2)
            return
        short = (last - first).days < 120
        ax.xaxis.set_major_locator(AutoDateLocator(minticks=2, maxticks=4 if short else 5))
        ax.xaxis.set_major_formatter(DateFormatter("%-d %b" if short else "%b '%y"))
        span = last - first
        ax.set_xlim(first - span * 0.06, last + span * 0.06)
    elif names is not None:
        step = max(1, len(xs) // 4)
        ax.set_xticks(xs[::step], [_day(n) or "?" for n in names[::step]])


def _one_month():
    from datetime import timedelta

    return timedelta(days=30)


def _max_ticks(n: int, integer: bool = False):
    from matplotlib.ticker import MaxNLocator

    return MaxNLocator(nbins=n, min_n_ticks=2, integer=integer)


def _wrapped(text: str) -> str:
    """A name on two lines, broken at the space nearest its middle; "" when it is short or has no space."""
    if len(text) <= 14 or " " not in text:
        return ""
    middle = len(text) / 2
    cut = min((i for i, ch in enumerate(text) if ch == " "), key=lambda i: abs(i - middle))
    return text[:cut] + "\n" + text[cut + 1:]


def _short(name: str, most: int = NAME_CHARS) -> str:
    return name if len(name) <= most else name[:most - 1].rstrip() + "…"


def _signed(points: float) -> str:
    return f"open +{-points:g} pts" if points < 0 else f"{points:g} pts"


def _day(d: date | None) -> str:
    return d.isoformat() if d else ""


def _png(fig, canvas) -> bytes:
    buf = io.BytesIO()
    canvas.print_png(buf)
    return buf.getvalue()
