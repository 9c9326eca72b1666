"""Template tags that render Django forms, money and dates the GOV.UK Design System way.

`{% govuk_field form.field %}` renders a whole form group (label, hint, error message, control) for any
widget; `{% govuk_error_summary form %}` renders the error summary every form shows at the top.
"""

from datetime import date

from django import forms, template
from django.template.loader import render_to_string

from councils import formats
from councils.forms import date_parts_in_error

register = template.Library()


def _kind(widget: forms.Widget) -> str:
    if getattr(widget, "is_govuk_date", False):
        return "date"
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Select | forms.SelectMultiple):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.FileInput):
        return "file"
    return "input"


_CONTROL_CLASS = {
    "select": "govuk-select",
    "textarea": "govuk-textarea",
    "file": "govuk-file-upload",
    "input": "govuk-input",
}


def first_control_id(field: forms.BoundField) -> str:
    """The id an error-summary link should point at (the first box or option of the field)."""
    kind = _kind(field.field.widget)
    if kind == "date":
        wrong = date_parts_in_error(field.value()) if field.errors else {"day"}
        return f"{field.auto_id}_" + next(part for part in ("day", "month", "year") if part in wrong)
    if kind in ("checkboxes", "radios"):
        return f"{field.auto_id}_0"
    return field.auto_id


@register.simple_tag
def govuk_field(field: forms.BoundField, hint: str = "", classes: str = "", label_size: str = "") -> str:
    kind = _kind(field.field.widget)
    context = {
        "field": field,
        "kind": kind,
        "hint": hint or field.help_text,
        "label_size": label_size,
        "error": " ".join(field.errors),
    }
    if kind in _CONTROL_CLASS:
        css = [_CONTROL_CLASS[kind], classes]
        if field.errors:
            css.append(f"{_CONTROL_CLASS[kind]}--error")
        attrs = {"class": " ".join(c for c in css if c)}
        described = [
            f"{field.auto_id}-hint" if context["hint"] else "",
            f"{field.auto_id}-error" if field.errors else "",
        ]
        if any(described):
            attrs["aria-describedby"] = " ".join(d for d in described if d)
        context["control"] = field.as_widget(attrs=attrs)
    elif kind == "date":
        typed = field.value()
        value = field.field.widget.decompress(typed)
        wrong = date_parts_in_error(typed) if field.errors else set()
        context["parts"] = [
            {
                "name": f"{field.html_name}_{part}",
                "id": f"{field.auto_id}_{part}",
                "label": part.title(),
                "value": value[i] if value[i] is not None else "",
                "width": 4 if part == "year" else 2,
                "error": part in wrong,
            }
            for i, part in enumerate(("day", "month", "year"))
        ]
    elif kind in ("checkboxes", "radios"):
        context["options"] = [
            {
                "id": f"{field.auto_id}_{i}",
                "value": w.data["value"],
                "label": w.choice_label,
                "checked": w.data["selected"],
            }
            for i, w in enumerate(field.subwidgets)
        ]
    return render_to_string("govuk/field.html", context)


@register.inclusion_tag("govuk/error_summary.html")
def govuk_error_summary(*forms_: forms.Form) -> dict:
    errors = []
    for form in forms_:
        if form is None or not form.is_bound:
            continue
        for message in form.non_field_errors():
            errors.append({"href": "", "message": message})
        for name, messages in form.errors.items():
            if name == "__all__":
                continue
            href = "#" + first_control_id(form[name])
            errors.extend({"href": href, "message": message} for message in messages)
    return {"errors": errors}


@register.filter
def pounds(value) -> str:
    """Whole pounds as £1,234 (money is stored in whole pounds)."""
    if value is None or value == "":
        return "—"
    return formats.pounds(value)


@register.filter
def govuk_date(value: date | None) -> str:
    """1 April 2012, the GOV.UK style for dates."""
    if not value:
        return ""
    return formats.long_date(value)


@register.simple_tag(takes_context=True)
def csv_export_url(context) -> str:
    """The current list's address with its filters and `_export=csv`."""
    query = context["request"].GET.copy()
    query.pop("page", None)
    query["_export"] = "csv"
    return "?" + query.urlencode()
