"""Charts carry their figures in words, so they read without colour."""

from decimal import Decimal

from programme.charts import bar_chart, measure_chart


def test_every_bar_is_labelled_with_its_series_and_value():
    chart = bar_chart("Families", ["Identified", "Attached"], [("London", [120, 60]), ("North East", [30, None])])
    texts = [(g["label"], [b["text"] for b in g["bars"]]) for g in chart["groups"]]
    assert texts == [
        ("London", ["Identified: 120", "Attached: 60"]),
        ("North East", ["Identified: 30", "Attached: none"]),
    ]
    widths = [b["width"] for g in chart["groups"] for b in g["bars"]]
    assert widths[0] == 200.0 and widths[1] == 100.0  # the longest bar fills the plot; the others in proportion


def test_money_and_shares_are_written_as_such():
    assert bar_chart("Budget", ["Amount"], [("Paid", [1_234_567])], unit="£")["groups"][0]["bars"][0]["text"] == (
        "£1,234,567"
    )
    assert bar_chart("Change", ["ASB"], [("2012/13", [-40.0])], unit="%")["groups"][0]["bars"][0]["text"] == "-40%"


def test_a_measure_chart_labels_baseline_target_and_readings():
    chart = measure_chart(
        {"baseline": "100", "target": "40", "readings": [["2011-06-30", "80"], ["2011-09-30", "62.5"]]}
    )
    assert (chart["baseline_text"], chart["target_text"]) == ("Baseline 100", "Target 40")
    assert [(c["label"], c["value"]) for c in chart["columns"]] == [("2011-06-30", "80"), ("2011-09-30", "62.5")]
    assert chart["baseline_y"] < chart["target_y"]  # higher values are drawn higher
    assert Decimal(chart["columns"][0]["height"]) > Decimal(chart["columns"][1]["height"])
