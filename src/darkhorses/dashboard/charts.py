"""Server-side SVG charts: no script, no library to serve, drawn the same with or without
JavaScript. Every label is escaped; numbers are formatted by us."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from markupsafe import Markup, escape

from darkhorses.dashboard.timefmt import uk_time

Point = tuple[datetime, float]

# Distinguishable on white and for the common colour-vision deficiencies (Okabe-Ito).
PALETTE = (
    "#0072b2",
    "#d55e00",
    "#009e73",
    "#cc79a7",
    "#e69f00",
    "#56b4e9",
    "#000000",
    "#999933",
    "#882255",
    "#44aa99",
)
# A bookmaker line is a colour and a dash; together they stay apart for 30 bookmakers.
DASHES = ("", "6 3", "2 2")


def _stroke(i: int) -> tuple[str, str]:
    return PALETTE[i % len(PALETTE)], DASHES[(i // len(PALETTE)) % len(DASHES)]


def _key(i: int) -> str:
    colour, dash = _stroke(i)
    return (
        f'<svg class="key-line" width="18" height="8" aria-hidden="true"><line x1="0" y1="4" '
        f'x2="18" y2="4" stroke="{colour}" stroke-width="2" stroke-dasharray="{dash}"/></svg>'
    )


@dataclass(frozen=True)
class Series:
    """One line: a label and its points in time order."""

    label: str
    points: Sequence[Point]


def _scale(lo: float, hi: float, out_lo: float, out_hi: float) -> Callable[[float], float]:
    span = (hi - lo) or 1.0

    def to(value: float) -> float:
        return out_lo + (value - lo) / span * (out_hi - out_lo)

    return to


def sparkline(
    points: Sequence[Point], *, width: int = 120, height: int = 28, label: str = ""
) -> Markup:
    """A small line of ``points`` (one vertex per point); empty text when there are none."""
    if not points:
        return Markup('<span class="muted">no prices</span>')
    pad = 3.0
    t0, t1 = points[0][0].timestamp(), points[-1][0].timestamp()
    values = [v for _, v in points]
    x = _scale(t0, t1, pad, width - pad)
    y = _scale(min(values), max(values), height - pad, pad)
    if t0 == t1:
        x = _scale(t0 - 1, t0 + 1, pad, width - pad)
    coords = " ".join(f"{x(t.timestamp()):.1f},{y(v):.1f}" for t, v in points)
    last_x, last_y = coords.rsplit(" ", 1)[-1].split(",")
    title = escape(label or f"{len(points)} prices")
    return Markup(
        f'<svg class="spark" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="{title}"><title>{title}</title>'
        f'<polyline fill="none" stroke="#0072b2" stroke-width="1.5" points="{coords}"/>'
        f'<circle cx="{last_x}" cy="{last_y}" r="2" fill="#0072b2"/></svg>'
    )


def _ticks(lo: float, hi: float, n: int = 4) -> list[float]:
    if hi <= lo:
        return [lo]
    step = (hi - lo) / n
    return [lo + i * step for i in range(n + 1)]


def line_chart(
    series: Sequence[Series],
    *,
    width: int = 640,
    height: int = 220,
    y_label: str = "decimal odds",
    title: str = "",
) -> Markup:
    """Step lines (a price holds until it changes) of several series on shared axes."""
    drawn = [s for s in series if s.points]
    if not drawn:
        return Markup('<p class="muted">No price history recorded.</p>')
    left, right, top, bottom = 44.0, 8.0, 8.0, 22.0
    times = [t.timestamp() for s in drawn for t, _ in s.points]
    values = [v for s in drawn for _, v in s.points]
    t0, t1 = min(times), max(times)
    if t0 == t1:
        t0, t1 = t0 - 60, t1 + 60
    lo, hi = min(values), max(values)
    if lo == hi:
        lo, hi = lo - 0.5, hi + 0.5
    x = _scale(t0, t1, left, width - right)
    y = _scale(lo, hi, height - bottom, top)
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" preserveAspectRatio="none" '
        f'role="img" aria-label="{escape(title or y_label)}">',
        f"<title>{escape(title or y_label)}</title>",
        f'<line x1="{left}" y1="{height - bottom}" x2="{width - right}" y2="{height - bottom}" '
        'stroke="#888"/>',
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{height - bottom}" stroke="#888"/>',
    ]
    for v in _ticks(lo, hi):
        parts.append(
            f'<text x="{left - 4}" y="{y(v) + 4:.1f}" text-anchor="end" class="tick">{v:.2f}</text>'
        )
    for t in _ticks(t0, t1, 3):
        stamp = datetime.fromtimestamp(t, tz=drawn[0].points[0][0].tzinfo)
        parts.append(
            f'<text x="{x(t):.1f}" y="{height - 6}" text-anchor="middle" class="tick">'
            f"{escape(uk_time(stamp))}</text>"
        )
    for i, s in enumerate(drawn):
        colour, dash = _stroke(i)
        path: list[str] = []
        for j, (at, v) in enumerate(s.points):
            px, py = x(at.timestamp()), y(v)
            if j == 0:
                path.append(f"M{px:.1f},{py:.1f}")
            else:
                path.append(f"H{px:.1f}V{py:.1f}")
        parts.append(
            f'<path d="{" ".join(path)}" fill="none" stroke="{colour}" stroke-width="1.5" '
            f'stroke-dasharray="{dash}">'
            f"<title>{escape(s.label)}</title></path>"
        )
    parts.append("</svg>")
    legend = "".join(f"<li>{_key(i)}{escape(s.label)}</li>" for i, s in enumerate(drawn))
    return Markup("".join(parts) + f'<ul class="legend">{legend}</ul>')


def bar(segments: Sequence[tuple[str, int, str]], *, total: int | None = None) -> Markup:
    """A horizontal stacked bar of ``(label, count, css class)``; widths are shares of the total."""
    whole = total if total is not None else sum(n for _, n, _ in segments)
    if whole <= 0:
        return Markup('<div class="bar empty"></div>')
    cells = "".join(
        f'<span class="seg {escape(css)}" style="width:{100 * n / whole:.2f}%" '
        f'title="{escape(label)}: {n:,}"></span>'
        for label, n, css in segments
        if n > 0
    )
    return Markup(f'<div class="bar" role="img" aria-label="progress">{cells}</div>')


def hourly_bars(
    rows: Sequence[dict[str, Any]], *, limit: float | None = None, height: int = 120
) -> Markup:
    """Calls per hour (``{"hour", "calls"}`` rows) as columns, with the plan's hourly ceiling
    as a dashed line when the busiest hour comes near it."""
    hours = [(r["hour"], int(r["calls"])) for r in rows]
    if not any(n for _, n in hours):
        return Markup('<p class="muted">No API calls recorded in this window.</p>')
    width = 640
    left, bottom, top = 40.0, 20.0, 8.0
    peak = max(max(n for _, n in hours), 1)
    ceiling = max(peak, int(limit or 0)) if limit and limit <= peak * 4 else peak
    y = _scale(0, ceiling, height - bottom, top)
    step = (width - left) / len(hours)
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" preserveAspectRatio="none" '
        'role="img" aria-label="API calls per hour">'
    ]
    for i, (hour, n) in enumerate(hours):
        x0 = left + i * step
        parts.append(
            f'<rect x="{x0 + 1:.1f}" y="{y(n):.1f}" width="{max(step - 2, 1):.1f}" '
            f'height="{height - bottom - y(n):.1f}" fill="#0072b2">'
            f"<title>{escape(uk_time(hour))}: {n:,} calls</title></rect>"
        )
    for i in range(0, len(hours), max(len(hours) // 6, 1)):
        parts.append(
            f'<text x="{left + i * step:.1f}" y="{height - 5}" class="tick">'
            f"{escape(uk_time(hours[i][0]))}</text>"
        )
    parts.append(
        f'<text x="{left - 4}" y="{top + 8}" text-anchor="end" class="tick">{ceiling:,}</text>'
    )
    if limit and limit <= ceiling:
        parts.append(
            f'<line x1="{left}" x2="{width}" y1="{y(limit):.1f}" y2="{y(limit):.1f}" '
            'stroke="#d55e00" stroke-dasharray="4 3"><title>plan limit per hour</title></line>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))
