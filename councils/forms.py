"""Form pieces shared by every app: the GOV.UK date input (day, month, year boxes)."""

from datetime import date

from django import forms


class GovukDateInput(forms.MultiWidget):
    """Three boxes for day, month and year, as the GOV.UK date input pattern asks; the value is YYYY-MM-DD."""

    template_name = "django/forms/widgets/multiwidget.html"
    is_govuk_date = True

    def __init__(self, attrs=None):
        widgets = {
            "day": forms.TextInput(attrs={"inputmode": "numeric"}),
            "month": forms.TextInput(attrs={"inputmode": "numeric"}),
            "year": forms.TextInput(attrs={"inputmode": "numeric"}),
        }
        super().__init__(widgets, attrs)

    def decompress(self, value):
        if isinstance(value, date):
            return [value.day, value.month, value.year]
        if isinstance(value, str) and value.count("-") == 2:
            year, month, day = value.split("-")
            return [day, month, year]
        return [None, None, None]

    def value_from_datadict(self, data, files, name):
        day, month, year = ((data.get(f"{name}_{part}") or "").strip() for part in ("day", "month", "year"))
        if not (day or month or year):
            return ""
        if day.isdigit() and month.isdigit() and year.isdigit():
            return f"{int(year):04d}-{int(month):02d}-{int(day):02d}"
        return f"{year}-{month}-{day}"  # invalid: the DateField says so in words


class GovukDateField(forms.DateField):
    widget = GovukDateInput
    default_error_messages = {"invalid": "Enter a real date, like 27 3 2012"}

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", ["%Y-%m-%d"])
        super().__init__(**kwargs)
