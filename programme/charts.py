"""Server-rendered SVG charts: geometry computed here, drawn by templates/programme/includes/*_chart.html.

Every chart is readable without colour: each bar carries its series name and value as text, target and baseline
lines are labelled in words, and every chart sits beside a table of the same figures. Styling is by CSS class
only (the CSP forbids inline styles).
"""

from dataclasses import dataclass, field
from decimal import Decimal

from councils.formats import pounds

BAR_HEIGHT = 20
BAR_GAP = 4
GROUP_GAP = 14
LABEL_WIDTH = 170
PLOT_WIDTH = 200
VALUE_ROOM = 150  # room to the right of the longest bar for "Series: 1,234"


@dataclass
class Bar:
    y: int
    width: float
    series_index: int
    text: str


@dataclass
class Group:
    label: str
    y: int
    bars: list[Bar] = field(default_factory=list)


def _fmt(value, unit: str = "") -> str:
    if value is None:
        return "none"
    if unit == "£":
        return pounds(value)
    text = f"{value:,.1f}" if isinstance(value, float | Decimal) and value != int(value) else f"{int(value):,}"
    return f"{text}{unit}" if unit == "%" else text


def bar_chart(title: str, series: list[str], rows: list[tuple[str, list]], unit: str = "") -> dict:
    """Horizontal grouped bars: one group per row, one bar per series, each labelled `Series: value`."""
    values = [v for _, vs in rows for v in vs if v is not None]
    top = max([abs(v) for v in values] or [0]) or 1
    groups, y = [], 10
    for label, vs in rows:
        group = Group(label=label, y=y)
        for i, value in enumerate(vs):
            width = 0 if value is None else max(float(abs(value)) / float(top) * PLOT_WIDTH, 1)
            name = f"{series[i]}: " if len(series) > 1 else ""
            group.bars.append(Bar(y=y, width=round(width, 1), series_index=i, text=f"{name}{_fmt(value, unit)}"))
            y += BAR_HEIGHT + BAR_GAP
        groups.append(group)
        y += GROUP_GAP
    return {
        "title": title,
        "series": series,
        "groups": groups_with_centres(groups),
        "height": y,
        "width": LABEL_WIDTH + PLOT_WIDTH + VALUE_ROOM,
        "label_x": LABEL_WIDTH - 8,
        "plot_x": LABEL_WIDTH,
        "bar_height": BAR_HEIGHT,
        "text_dy": BAR_HEIGHT - 5,
    }


def groups_with_centres(groups: list[Group]) -> list[dict]:
    out = []
    for g in groups:
        count = len(g.bars)
        centre = g.y + (count * (BAR_HEIGHT + BAR_GAP) - BAR_GAP) / 2 + 5
        out.append(
            {
                "label": g.label,
                "label_y": round(centre, 1),
                "bars": [
                    {
                        "y": b.y,
                        "width": b.width,
                        "series_index": b.series_index,
                        "text": b.text,
                        "text_x": LABEL_WIDTH + b.width + 6,
                    }
                    for b in g.bars
                ],
            }
        )
    return out


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
