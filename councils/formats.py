"""Money and dates as the service writes them everywhere (GOV.UK style): £1,234 and 1 April 2012.

The template filters `pounds` and `govuk_date` (councils.templatetags.govuk) and the reasons and messages written
in Python all use these, so a figure reads the same on every page, in every export and in every explanation."""

from datetime import date


def pounds(amount) -> str:
    """Whole pounds (money is stored in whole pounds)."""
    return f"£{int(amount):,}"


def long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"
