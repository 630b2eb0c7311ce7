"""Charts as inline SVG: they need no script and no other host, so a page works offline."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

PALETTE = {"open": "#2563eb", "done": "#16a34a", "overdue": "#dc2626"}


@dataclass(frozen=True)
class Series:
    key: str  # a PALETTE key
    label: str
    values: Sequence[int]


def _open(title: str, width: int, height: int, title_x: int) -> list[str]:
    return [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
            f'viewBox="0 0 {width} {height}" width="{width}" height="{height}">',
            f"<title>{escape(title)}</title>",
            f'<text x="{title_x}" y="18" class="chart-title">{escape(title)}</text>']


def _swatch(n: int, left: int, height: int, colour: str, name: str) -> str:
    """The n-th entry of a legend along the bottom edge."""
    x = left + n * 120
    return (f'<rect x="{x}" y="{height - 14}" width="10" height="10" fill="{colour}"/>'
            f'<text x="{x + 14}" y="{height - 5}" class="legend">{escape(name)}</text>')


def line_chart(title: str, labels: Sequence[str], series: Sequence[Series],
               width: int = 720, height: int = 260) -> str:
    """Lines over time; `labels` name the points along the x axis."""
    left, right, top, bottom = 48, 16, 28, 44
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max([1, *(v for s in series for v in s.values)])
    count = max(len(labels), 1)

    def x(i: int) -> float:
        return left + (plot_w * i / (count - 1) if count > 1 else plot_w / 2)

    def y(v: int) -> float:
        return top + plot_h - plot_h * v / peak

    parts = _open(title, width, height, left)
    for step in range(5):  # horizontal grid with values
        value = round(peak * step / 4)
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y(value):.1f}" '
                     f'y2="{y(value):.1f}" stroke="#e5e7eb"/>'
                     f'<text x="{left - 6}" y="{y(value) + 4:.1f}" text-anchor="end" '
                     f'class="tick">{value}</text>')
    every = max(1, count // 8)
    for i, name in enumerate(labels):
        if i % every == 0 or i == count - 1:
            parts.append(f'<text x="{x(i):.1f}" y="{height - bottom + 16}" text-anchor="middle" '
                         f'class="tick">{escape(name)}</text>')
    for n, s in enumerate(series):
        colour = PALETTE.get(s.key, "#6b7280")
        points = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(s.values))
        parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" '
                     f'points="{points}" data-series="{escape(s.key)}"/>')
        parts += [f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="3" fill="{colour}">'
                  f"<title>{escape(labels[i])}: {v}</title></circle>"
                  for i, v in enumerate(s.values)]
        parts.append(_swatch(n, left, height, colour, s.label))
    parts.append("</svg>")
    return "".join(parts)


def bar_chart(title: str, rows: Sequence[tuple[str, dict[str, int]]],
              legend: dict[str, str], width: int = 720) -> str:
    """Horizontal stacked bars, one row per unit; `legend` maps PALETTE keys to labels."""
    left, row_h, top = 220, 26, 30
    height = top + row_h * max(len(rows), 1) + 30
    peak = max([1, *(sum(values.values()) for _, values in rows)])
    scale = (width - left - 40) / peak
    parts = _open(title, width, height, 8)
    for r, (name, values) in enumerate(rows):
        y = top + r * row_h
        parts.append(f'<text x="{left - 8}" y="{y + 16}" text-anchor="end" '
                     f'class="tick">{escape(name)}</text>')
        x = float(left)
        for key in legend:
            value = values.get(key, 0)
            if value:
                w = value * scale
                parts.append(f'<rect x="{x:.1f}" y="{y + 4}" width="{w:.1f}" height="{row_h - 8}" '
                             f'fill="{PALETTE[key]}" data-series="{escape(key)}">'
                             f"<title>{escape(legend[key])}: {value}</title></rect>")
                x += w
        parts.append(f'<text x="{x + 4:.1f}" y="{y + 16}" class="tick">'
                     f"{sum(values.values())}</text>")
    parts += [_swatch(n, left, height, PALETTE[key], name)
              for n, (key, name) in enumerate(legend.items())]
    parts.append("</svg>")
    return "".join(parts)
