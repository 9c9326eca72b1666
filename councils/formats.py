"""Money, dates and counts as the service writes them everywhere (GOV.UK style): £1,234, 1 April 2012, 1 second.

The template filters `pounds` and `govuk_date` (councils.templatetags.govuk) and the reasons and messages written
in Python all use these, so a figure reads the same on every page, in every export and in every explanation."""

from datetime import date


def pounds(amount) -> str:
    """Whole pounds (money is stored in whole pounds)."""
    return f"£{int(amount):,}"


def long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def count(number: int, noun: str, plural: str = "") -> str:
    """A number with its noun, singular or plural: "1 second", "2 seconds", "3 families"."""
    return f"{number:,} {noun if number == 1 else plural or noun + 's'}"
