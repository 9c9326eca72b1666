"""Charts carry their figures in words, so they read without colour."""

from decimal import Decimal

import pytest

from programme.charts import CHAR_WIDTH, bar_chart, measure_chart


def test_every_bar_is_labelled_with_its_series_and_value():
    chart = bar_chart("Families", ["Identified", "Attached"], [("London", [120, 60]), ("North East", [30, None])])
    texts = [([line["text"] for line in g.label_lines], [b.text for b in g.bars]) for g in chart["groups"]]
    assert texts == [
        (["London"], ["Identified: 120", "Attached: 60"]),
        (["North East"], ["Identified: 30", "Attached: none"]),
    ]
    widths = [b.width for g in chart["groups"] for b in g.bars]
    assert widths[1] == widths[0] / 2  # in proportion


def test_no_text_runs_past_the_edge_and_long_labels_wrap_in_full():
    label = "Not attached (naive): anti-social behaviour incidents in the six months before attachment, by cohort"
    chart = bar_chart("Change", ["Attached: ASB change", "Not attached (naive): ASB change"], [(label, [-40.5, 12.25])])
    (group,) = chart["groups"]
    assert " ".join(line["text"] for line in group.label_lines) == label  # wrapped, not truncated
    assert len(group.label_lines) == 2
    for bar in group.bars:
        assert bar.text_x + len(bar.text) * CHAR_WIDTH <= chart["width"]
        assert bar.x >= 0


def test_negative_values_are_drawn_left_of_zero():
    chart = bar_chart("Change", ["ASB"], [("2012", [-40.0]), ("2013", [20.0])], unit="%")
    down, up = (g.bars[0] for g in chart["groups"])
    assert down.x + down.width == pytest.approx(chart["zero_x"], abs=0.2)  # ends at zero, reaching left
    assert up.x == chart["zero_x"]  # starts at zero, reaching right
    assert down.width == pytest.approx(2 * up.width, abs=0.2)
    assert down.text == "-40%" and down.text_x > chart["zero_x"]  # its value is written right of the zero line


def test_money_and_shares_are_written_as_such():
    assert bar_chart("Budget", ["Amount"], [("Paid", [1_234_567])], unit="£")["groups"][0].bars[0].text == (
        "£1,234,567"
    )
    assert bar_chart("Change", ["ASB"], [("2012/13", [-40.0])], unit="%")["groups"][0].bars[0].text == "-40%"


def test_a_measure_chart_labels_baseline_target_and_readings():
    chart = measure_chart(
        {"baseline": "100", "target": "40", "readings": [["2011-06-30", "80"], ["2011-09-30", "62.5"]]}
    )
    assert (chart["baseline_text"], chart["target_text"]) == ("Baseline 100", "Target 40")
    assert [(c["label"], c["value"]) for c in chart["columns"]] == [("2011-06-30", "80"), ("2011-09-30", "62.5")]
    assert chart["baseline_y"] < chart["target_y"]  # higher values are drawn higher
    assert Decimal(chart["columns"][0]["height"]) > Decimal(chart["columns"][1]["height"])
