"""Display helpers for plans, asks and returns: GOV.UK tags for statuses, and an error summary for a page of forms."""

from django import template
from django.utils.html import format_html

from councils.templatetags.govuk import govuk_error_summary

register = template.Library()

TAG_COLOURS = {
    # RAG ratings and statuses; the words carry the meaning, the colour only repeats it.
    "red": "red",
    "amber": "yellow",
    "green": "green",
    "raised": "blue",
    "in_discussion": "yellow",
    "agreed": "green",
    "declined": "red",
    "not_started": "grey",
    "in_progress": "blue",
    "done": "green",
    "overdue": "red",
    "late": "orange",
    "missing": "red",
    "draft": "grey",
    "published": "green",
}


@register.simple_tag
def status_tag(value: str, label: str = "") -> str:
    colour = TAG_COLOURS.get(value, "grey")
    text = label or str(value).replace("_", " ").capitalize()
    return format_html('<strong class="govuk-tag govuk-tag--{}">{}</strong>', colour, text)


@register.inclusion_tag("govuk/error_summary.html")
def error_summary_of(forms, formsets=()) -> dict:
    """The error summary of a page with a form and formsets (each formset's forms and its own errors)."""
    errors = govuk_error_summary(*[f for f in forms if f is not None])["errors"]
    for formset in formsets:
        errors.extend({"href": "", "message": m} for m in formset.non_form_errors())
        errors.extend(govuk_error_summary(*formset.forms)["errors"])
    return {"errors": errors}


@register.filter
def td_class(column) -> str:
    """A django-tables2 column's cell class, worked out once per table: BoundColumn.attrs builds its whole attribute
    dictionary again on every read, and includes/table.html reads it for every cell. Our tables' cell classes never
    depend on the row (no callable attrs), so the first row's answer is every row's."""
    try:
        return column._td_class
    except AttributeError:
        column._td_class = column.attrs["td"].get("class", "")
        return column._td_class


@register.filter
def row_header(table) -> bool:
    """Whether a table's first column heads its rows (`<th scope="row">`): `row_header = True` in the table's Meta or
    on the class. django-tables2 keeps only the Meta options it knows of, so the Meta is read here."""
    meta = getattr(type(table), "Meta", None)
    return bool(getattr(table, "row_header", getattr(meta, "row_header", False)))


@register.filter
def get(mapping: dict, key):
    return mapping.get(key) if mapping else None


@register.filter
def figure(value) -> str:
    """A table cell: thousands separated, one decimal place for shares and changes, a dash for none."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, float):
        return f"{value:,.1f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


@register.simple_tag(takes_context=True)
def csv_query(context, table: str) -> str:
    """The current page's query (its filters) with the CSV export of one named table."""
    query = context["request"].GET.copy()
    query["_export"] = "csv"
    query["table"] = table
    return query.urlencode()
