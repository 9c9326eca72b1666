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

from councils.formats import long_date
from councils.forms import GovukDateField
from councils.lists import csv_response, wants_csv
from councils.models import Council
from programme import access, actions, national, picture
from programme.models import Pilot


def _regions():
    return [("", "Any region")] + [
        (r, r) for r in Council.objects.order_by("region").values_list("region", flat=True).distinct()
    ]


class PictureFilterForm(forms.Form):
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


def national_picture(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.is_council_user:
        return redirect("home")
    if not access.is_central(user):
        raise Http404("Not found")
    form = PictureFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    scope = national.national_scope(
        region=filters.get("region", ""), phase=filters.get("phase", ""), strand=filters.get("strand", "")
    )
    on = filters.get("on") or national.default_as_of()
    figures = picture.build(scope, on, whole_programme=True)
    return export_or_render(request, figures, "programme/national.html", {"filter_form": form})


@require_POST
def refresh_outcomes(request: HttpRequest) -> HttpResponse:
    if not access.is_central(request.user):
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
        messages.success(request, f"Outcomes recomputed as at {long_date(summary.as_of)} in {summary.seconds} seconds.")
    return redirect(reverse("national") + "?" + request.POST.get("query", "") + "#outcomes")
