"""The one calendar (councils/calendar.py): financial years and their labels, quarters, months and ages."""

from datetime import date

import pytest

from councils import calendar


@pytest.mark.parametrize(
    ("day", "label"),
    [(date(2012, 4, 1), "2012/13"), (date(2013, 3, 31), "2012/13"), (date(1999, 4, 1), "1999/00")],
)
def test_financial_year_of(day, label):
    assert calendar.financial_year_of(day) == label


@pytest.mark.parametrize(("value", "ok"), [("2012/13", True), ("2012/14", False), ("2012-13", False), ("12/13", False)])
def test_is_financial_year_label(value, ok):
    assert calendar.is_financial_year_label(value) is ok


def test_financial_quarters_cover_the_year_april_to_march():
    quarters = calendar.financial_quarters(2012)
    assert [label for label, _first, _last in quarters] == [f"2012/13 Q{n}" for n in (1, 2, 3, 4)]
    assert quarters[0][1:] == (date(2012, 4, 1), date(2012, 6, 30))
    assert quarters[3][1:] == (date(2013, 1, 1), date(2013, 3, 31))


def test_financial_year_bounds_are_the_days_its_label_is_of():
    first, last = calendar.financial_year_bounds(2012)
    assert (first, last) == (date(2012, 4, 1), date(2013, 3, 31))
    assert calendar.financial_year_of(first) == calendar.financial_year_of(last) == "2012/13"
    assert (calendar.financial_year_of(date(2012, 3, 31)), calendar.financial_year_of(date(2013, 4, 1))) == (
        "2011/12",
        "2013/14",
    )


@pytest.mark.parametrize(
    ("day", "end"),
    [
        (date(2013, 3, 31), date(2013, 3, 31)),
        (date(2013, 3, 30), date(2012, 12, 31)),
        (date(2013, 1, 15), date(2012, 12, 31)),
        (date(2014, 6, 29), date(2014, 3, 31)),
    ],
)
def test_last_quarter_end(day, end):
    assert calendar.last_quarter_end(day) == end


def test_months_before_and_age_on():
    assert calendar.months_before(date(2012, 8, 31), 6) == date(2012, 2, 29)
    assert calendar.age_on(date(2000, 3, 1), date(2018, 2, 28)) == 17
    assert calendar.age_on(date(2000, 3, 1), date(2018, 3, 1)) == 18
