"""Pages for a pilot's plan: the pilot page's plan, editing each part, publishing, versions and compare."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from councils.calendar import programme_today
from councils.lists import table_page
from programme import access, actions, forms
from programme.models import Ask, Pilot, Plan, PlanVersion, ProgressReturn, Project
from programme.snapshots import PARTS, compare, for_display, public_view, same_plan, snapshot_of
from programme.tables import VersionTable

# Each editable part: its title, the form for the plan's own text (if any) and the formsets of its rows.
EDITABLE_PARTS = {
    "partnership": ("The partnership", forms.PartnershipForm, [("partners", forms.PartnerFormSet, "Partner")]),
    "resources": ("Resources", None, [("contributions", forms.ContributionFormSet, "Contribution")]),
    "themes": ("Outcome themes and projects", None, [("themes", forms.ThemeFormSet, "Theme")]),
    "measures": ("Outcomes and success measures", None, [("measures", forms.MeasureFormSet, "Measure")]),
    "families": ("Approach to families with multiple problems", forms.ApproachForm, []),
    "setup": ("Set-up plan", None, [("milestones", forms.MilestoneFormSet, "Milestone")]),
}


def _history(plan: Plan, limit: int = 15) -> list:
    """The latest changes to the draft, across the plan's parts (a fixed number of queries)."""
    sources = [
        ("Plan", Plan.history.filter(id=plan.pk)),
        ("Partner", plan.partners.model.history.filter(plan_id=plan.pk)),
        ("Resources", plan.contributions.model.history.filter(plan_id=plan.pk)),
        ("Ask", plan.asks.model.history.filter(plan_id=plan.pk)),
        ("Theme", plan.themes.model.history.filter(plan_id=plan.pk)),
        ("Measure", plan.measures.model.history.filter(plan_id=plan.pk)),
        ("Milestone", plan.milestones.model.history.filter(plan_id=plan.pk)),
    ]
    kinds = {"+": "added", "~": "changed", "-": "removed"}
    rows = []
    for part, history in sources:
        for h in history.select_related("history_user").order_by("-history_date")[:limit]:
            rows.append(
                {
                    "part": part,
                    "what": str(h.instance) if part != "Plan" else "Plan text",
                    "kind": kinds[h.history_type],
                    "at": h.history_date,
                    "by": h.history_user,
                }
            )
    return sorted(rows, key=lambda r: r["at"], reverse=True)[:limit]


def pilot_plan_context(request: HttpRequest, pilot: Pilot) -> dict:
    """What the pilot page shows of the plan: the draft to member councils and central staff, the latest
    published version to everyone else."""
    user, today = request.user, programme_today()
    plan = Plan.objects.filter(pilot=pilot).first()
    latest = plan.latest_version() if plan else None
    private = access.sees_private(user, pilot)
    context = {
        "sees_private": private,
        "may_draft": access.may_draft(user, pilot),
        "may_publish": access.may_publish(user, pilot),
        "may_submit_return": access.may_submit_return(user, pilot),
        "latest_version": latest,
        "editable_parts": EDITABLE_PARTS,
    }
    if private:
        draft = snapshot_of(plan) if plan else None
        context["plan"] = for_display(draft, today) if draft else None
        context["has_unpublished_changes"] = bool(draft and (latest is None or not same_plan(latest.snapshot, draft)))
        context["asks"] = list(Ask.objects.filter(plan=plan)) if plan else []
        context["latest_return"] = (
            ProgressReturn.objects.filter(pilot=pilot).select_related("quarter", "submitted_by").first()
        )
        context["history"] = _history(plan) if plan else []
    elif latest:
        context["plan"] = for_display(public_view(latest.snapshot), today)
    return context


def _plan_for_edit(request: HttpRequest, slug: str) -> tuple[Pilot, Plan]:
    pilot = access.get_pilot(request.user, slug, private=True)
    if not access.may_draft(request.user, pilot):
        raise Http404("Only the pilot's councils edit its plan")
    return pilot, Plan.objects.for_pilot(pilot)


def plan_part_edit(request: HttpRequest, slug: str, part: str) -> HttpResponse:
    if part not in EDITABLE_PARTS:
        raise Http404("No such part")
    pilot, plan = _plan_for_edit(request, slug)
    title, form_class, formset_specs = EDITABLE_PARTS[part]
    data = request.POST if request.method == "POST" else None
    form = form_class(data, instance=plan) if form_class else None
    extra = {"form_kwargs": {"plan": plan}} if part == "measures" else {}
    formsets = [(label, cls(data, instance=plan, prefix=prefix, **extra)) for prefix, cls, label in formset_specs]
    if part == "themes" and plan.themes.exists():
        projects = Project.objects.filter(theme__plan=plan).select_related("theme")
        formsets.append(
            ("Project", forms.ProjectFormSet(data, queryset=projects, prefix="projects", form_kwargs={"plan": plan}))
        )
    if data is not None and (form is None or form.is_valid()) and all(fs.is_valid() for _, fs in formsets):
        actions.save_plan_part(request.user, pilot, form=form, formsets=[fs for _, fs in formsets])
        messages.success(request, f"{title} saved as a draft. Publish a version when it is ready.")
        return redirect(pilot.get_absolute_url() + f"#part-{part}")
    return render(
        request,
        "programme/plan_part_edit.html",
        {
            "pilot": pilot,
            "title": title,
            "form": form,
            "formsets": formsets,
            "part": part,
            "form_list": [form],
            "formset_list": [fs for _, fs in formsets],
        },
    )


def plan_publish(request: HttpRequest, slug: str) -> HttpResponse:
    pilot = access.get_pilot(request.user, slug, private=True)
    if not access.may_publish(request.user, pilot):
        raise Http404("Only the pilot's approvers publish its plan")
    plan = Plan.objects.for_pilot(pilot)
    latest = plan.latest_version()
    changes = compare(latest.snapshot if latest else {}, snapshot_of(plan))
    form = forms.PublishForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            version = actions.publish_plan(request.user, pilot, note=form.cleaned_data["note"])
        except ValidationError as error:
            form.add_error(None, error.messages[0])
        else:
            messages.success(request, f"Version {version.number} of the plan is published.")
            return redirect(pilot.get_absolute_url())
    return render(
        request,
        "programme/plan_publish.html",
        {"pilot": pilot, "form": form, "changes": changes, "latest": latest},
    )


def plan_versions(request: HttpRequest, slug: str) -> HttpResponse:
    # Published versions are readable by every signed-in user, like the plan itself.
    pilot = access.get_pilot(request.user, slug)
    versions = PlanVersion.objects.filter(plan__pilot=pilot).select_related("published_by").order_by("-number")
    return table_page(
        request,
        queryset=versions,
        table_class=VersionTable,
        filterset_class=None,
        template_name="programme/plan_versions.html",
        export_name=f"{pilot.slug}-plan-versions",
        context={"pilot": pilot},
    )


def plan_version(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    pilot = access.get_pilot(request.user, slug)
    version = get_object_or_404(PlanVersion.objects.select_related("published_by"), plan__pilot=pilot, number=number)
    snapshot = version.snapshot if access.sees_private(request.user, pilot) else public_view(version.snapshot)
    return render(
        request,
        "programme/plan_version.html",
        {"pilot": pilot, "version": version, "plan": for_display(snapshot, programme_today())},
    )


def plan_compare(request: HttpRequest, slug: str) -> HttpResponse:
    """What changed between two published versions, or between a version and the draft (for the pilot's own)."""
    pilot = access.get_pilot(request.user, slug)
    private = access.sees_private(request.user, pilot)
    versions = list(PlanVersion.objects.filter(plan__pilot=pilot).order_by("number").only("number", "published_at"))
    if not versions:
        raise Http404("No published version")
    numbers = [v.number for v in versions]
    choices = [(str(n), f"Version {n}") for n in numbers] + ([("draft", "The current draft")] if private else [])
    default_from = str(numbers[-2] if len(numbers) > 1 else numbers[-1])
    default_to = str(numbers[-1]) if len(numbers) > 1 or not private else "draft"
    chosen = {k: request.GET.get(k, d) for k, d in (("from", default_from), ("to", default_to))}
    if any(value not in dict(choices) for value in chosen.values()):
        raise Http404("No such version")

    def snapshot(value: str) -> dict:
        if value == "draft":
            return snapshot_of(Plan.objects.for_pilot(pilot))
        return PlanVersion.objects.get(plan__pilot=pilot, number=int(value)).snapshot

    parts = PARTS if private else [(k, t) for k, t in PARTS if k != "asks"]
    changes = compare(snapshot(chosen["from"]), snapshot(chosen["to"]), parts)
    return render(
        request,
        "programme/plan_compare.html",
        {"pilot": pilot, "choices": choices, "chosen": chosen, "changes": changes},
    )
