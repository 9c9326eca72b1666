"""Server-rendered SVG charts: geometry computed here, drawn by templates/programme/includes/*_chart.html.

Every chart is readable without colour: each bar carries its series name and value as text, target and baseline
lines are labelled in words, and every chart sits beside a table of the same figures. Styling is by CSS class
only (the CSP forbids inline styles).
"""

import textwrap
from dataclasses import dataclass, field
from decimal import Decimal

from councils.formats import pounds

BAR_HEIGHT = 20
BAR_GAP = 4
GROUP_GAP = 14
WIDTH = 680
CHAR_WIDTH = 7.6  # a generous average width of a 14 px character, so text is never cut off at the edge
LINE_HEIGHT = 18
PAD = 4


@dataclass
class Bar:
    y: int
    x: float
    width: float
    series_index: int
    text: str
    text_x: float


@dataclass
class Group:
    label_lines: list[dict]
    bars: list[Bar] = field(default_factory=list)


def _fmt(value, unit: str = "") -> str:
    if value is None:
        return "none"
    if unit == "£":
        return pounds(value)
    text = f"{value:,.1f}" if isinstance(value, float | Decimal) and value != int(value) else f"{int(value):,}"
    return f"{text}{unit}" if unit == "%" else text


def bar_chart(title: str, series: list[str], rows: list[tuple[str, list]], unit: str = "") -> dict:
    """Horizontal grouped bars: one group per row, its label written in full above its bars (wrapped, never
    cut off), one bar per series, each labelled `Series: value` to its right. Negative values are drawn left of
    the zero line, positive ones right of it."""
    texts = [[f"{series[i]}: " * (len(series) > 1) + _fmt(v, unit) for i, v in enumerate(vs)] for _, vs in rows]
    text_room = max([len(t) for ts in texts for t in ts] or [0]) * CHAR_WIDTH + 2 * PAD
    values = [float(v) for _, vs in rows for v in vs if v is not None]
    high, low = max([*values, 0]), min([*values, 0])
    span = (high - low) or 1
    plot_width = WIDTH - text_room - PAD
    zero = PAD + plot_width * (-low / span)
    groups, y = [], 0
    for (label, vs), ts in zip(rows, texts, strict=True):
        lines = textwrap.wrap(str(label), int(WIDTH / CHAR_WIDTH)) or [""]
        label_lines = []
        for line in lines:
            y += LINE_HEIGHT
            label_lines.append({"text": line, "y": y})
        y += PAD
        group = Group(label_lines=label_lines)
        for i, (value, text) in enumerate(zip(vs, ts, strict=True)):
            width = 0.0 if value is None else max(abs(float(value)) / span * plot_width, 1)
            x = zero - width if value is not None and value < 0 else zero
            end = zero + (width if value is not None and value > 0 else 0)
            group.bars.append(
                Bar(y=y, x=round(x, 1), width=round(width, 1), series_index=i, text=text, text_x=round(end + PAD, 1))
            )
            y += BAR_HEIGHT + BAR_GAP
        groups.append(group)
        y += GROUP_GAP
    return {
        "title": title,
        "series": series,
        "groups": groups,
        "height": y,
        "width": WIDTH,
        "zero_x": round(zero, 1),
        "bar_height": BAR_HEIGHT,
        "text_dy": BAR_HEIGHT - 5,
    }


def measure_chart(measure: dict) -> dict:
    """A measure's readings as columns over time, with its baseline and target drawn as labelled lines."""
    width, height, left, bottom, top_pad = 520, 220, 60, 40, 20
    baseline, target = Decimal(measure["baseline"]), Decimal(measure["target"])
    readings = [(on, Decimal(value)) for on, value in measure.get("readings", [])]
    values = [baseline, target, *[v for _, v in readings]]
    high = max(max(values), Decimal(0)) or Decimal(1)
    low = min(min(values), Decimal(0))
    span = (high - low) or Decimal(1)
    plot_h = height - bottom - top_pad

    def y_of(value: Decimal) -> float:
        return round(float(top_pad + (high - value) / span * plot_h), 1)

    plot_w = width - left - 20
    slot = plot_w / max(len(readings), 1)
    bar_w = min(slot * 0.6, 60)
    columns = []
    for i, (on, value) in enumerate(readings):
        x = left + i * slot + (slot - bar_w) / 2
        y_value, y_zero = y_of(value), y_of(Decimal(0))
        columns.append(
            {
                "x": round(x, 1),
                "y": min(y_value, y_zero),
                "height": max(abs(y_zero - y_value), 1),
                "width": round(bar_w, 1),
                "centre": round(x + bar_w / 2, 1),
                "label": on,
                "value": _fmt(value),
                "value_y": min(y_value, y_zero) - 4,
            }
        )
    return {
        "width": width,
        "height": height,
        "left": left,
        "right": width - 20,
        "axis_y": height - bottom,
        "date_y": height - bottom + 16,
        "baseline_y": y_of(baseline),
        "target_y": y_of(target),
        "baseline_text": f"Baseline {_fmt(baseline)}",
        "target_text": f"Target {_fmt(target)}",
        "columns": columns,
    }
