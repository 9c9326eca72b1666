"""The national picture at /national/: central staff and admins only. Officers and approvers are sent to their
home page, which shows the same picture for their own council and pilots (the figures of other councils are not
theirs to see; published plans stay readable on the pilot pages)."""

from datetime import date

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from councils.formats import count, long_date
from councils.forms import GovukDateField, GovukForm
from councils.lists import csv_response, wants_csv
from councils.models import Council
from programme import access, actions, national
from programme.models import Pilot
from programme.national import lists, picture


def _regions():
    return [("", "Any region"), *Council.region_choices()]


class PictureFilterForm(GovukForm):
    region = forms.ChoiceField(choices=_regions, required=False)
    phase = forms.ChoiceField(choices=[("", "Any phase"), *Pilot.Phase.choices], required=False)
    strand = forms.ChoiceField(choices=[("", "Any strand"), *Pilot.Strand.choices], required=False)
    on = GovukDateField(
        label="Figures as at",
        required=False,
        help_text="Blank for today, or the last quarter end once the programme is over.",
    )


def export_or_render(request: HttpRequest, figures: dict, template: str, context: dict) -> HttpResponse:
    if wants_csv(request):
        # `?_export=csv` alone gives the first table (progress by council); `&table=NAME` picks another.
        name = request.GET.get("table") or next(iter(figures["tables"]), "")
        table = figures["tables"].get(name)
        if table is None:
            raise Http404("No such table")
        return csv_response(table.csv_rows(), f"{table.name}-{figures['on'].isoformat()}")
    return render(request, template, {**context, "figures": figures})


# The picture's sections, each a page of its own (readable in a meeting): address name, title, template.
SECTIONS = {
    "families": ("national_families", "Troubled families"),
    "money": ("national_money", "Money"),
    "outcomes": ("national_outcomes", "Outcomes against the baseline"),
    "community-budgets": ("national_community_budgets", "Community-budget pilots"),
}
LONG_TABLES = {
    "families": ["councils"],
    "outcomes": ["outcomes_attached", "outcomes_comparison"],
    "community-budgets": ["rag", "milestones", "returns"],
}


def national_picture(request: HttpRequest, section: str = "") -> HttpResponse:
    """/national/ (the overview, linking to each section) and /national/<section>/. Every one exports any of the
    picture's tables with `?_export=csv&table=NAME` and reads the same filters."""
    user = request.user
    if user.works_for_council:
        return redirect("home")
    if not access.may_read_national_picture(user):
        raise Http404("Not found")
    form = PictureFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    scope = national.national_scope(
        region=filters.get("region", ""), phase=filters.get("phase", ""), strand=filters.get("strand", "")
    )
    on = filters.get("on") or national.default_as_of()
    figures = picture.build(scope, on)
    query = _filters_query(request)
    context = {
        "filter_form": form,
        "section": section,
        "title": SECTIONS[section][1] if section else "The national picture",
        "sections": [
            {"slug": slug, "title": title, "href": reverse(name) + query, "active": slug == section}
            for slug, (name, title) in SECTIONS.items()
        ],
        "overview_href": reverse("national") + query,
    }
    if not wants_csv(request):
        context["lists"] = {
            name: lists.as_list(request, figures["tables"][name]) for name in LONG_TABLES.get(section, [])
        }
    template = f"programme/national_{section.replace('-', '_')}.html" if section else "programme/national.html"
    return export_or_render(request, figures, template, context)


def _filters_query(request: HttpRequest) -> str:
    """The filters of the page, without its tables' page and sort: carried from one section to another."""
    query = request.GET.copy()
    for key in list(query):
        if key.endswith(("-page", "-sort")) or key in ("_export", "table"):
            del query[key]
    return f"?{query.urlencode()}" if query else ""


@require_POST
def refresh_outcomes(request: HttpRequest) -> HttpResponse:
    if not access.may_recompute_outcomes(request.user):
        raise Http404("Not found")
    try:
        on = date.fromisoformat(request.POST.get("on", ""))
    except ValueError:
        on = national.default_as_of()
    try:
        summary = actions.refresh_outcomes(request.user, on)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request, f"Outcomes recomputed as at {long_date(summary.as_of)} in {count(summary.seconds, 'second')}."
        )
    query = request.POST.get("query", "")
    return redirect(reverse("national_outcomes") + (f"?{query}" if query else ""))
