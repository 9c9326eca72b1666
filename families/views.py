"""The families pages. Every family is fetched through families.access.get_family, which scopes it to the user
(another council's family answers 404) and refuses changes to anyone who is not an officer or approver of its
council (403)."""

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from councils.calendar import programme_today
from councils.lists import KeysFirstPaginator, table_page
from families import tasks
from families.access import get_family, get_upload, may_change_families, require_may_change
from families.actions import StaleFamily, add_family, update_family
from families.casefile import SHEETS, write_workbook
from families.evidence import judge_evidence, records_from_people
from families.examples import example_sheets
from families.filters import FamilyFilter
from families.forms import FamilyForm, UploadForm
from families.kinds import KINDS, related_names
from families.models import CaseUpload, Family, Person
from families.tables import FamilyTable
from families.timeline import change_history, person_label, timeline
from funding.results import results_of_family

LIST_COLUMNS = [
    "council",
    "reference",
    "identified_on",
    "crime_asb",
    "education",
    "work",
    "local_discretion",
    "key_worker",
    "attached_on",
    "closed_on",
]


def family_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    families = Family.objects.visible_to(user).with_criteria_count().select_related("key_worker")
    if not user.works_for_council:
        families = families.select_related("council")  # the council column
    # Only what the table shows: narrower rows make the database's sort of a large council cheaper.
    families = families.only(
        *LIST_COLUMNS, "key_worker__first_name", "key_worker__last_name", "key_worker__username", "council__name"
    )
    return table_page(
        request,
        queryset=families.order_by("reference", "pk"),
        table_class=FamilyTable,
        filterset_class=FamilyFilter,
        template_name="families/list.html",
        export_name="families",
        table_kwargs={"exclude": ("council",) if user.works_for_council else ()},
        paginator_class=KeysFirstPaginator,  # a large council's families run to hundreds of pages
    )


@require_http_methods(["GET", "POST"])
def family_add(request: HttpRequest) -> HttpResponse:
    require_may_change(request.user)
    form = FamilyForm(request.POST or None, council=request.user.council)
    if request.method == "POST" and form.is_valid():
        family = add_family(request.user, form.cleaned_data)
        messages.success(request, f"Family {family.reference} added.")
        return redirect(family)
    return render(request, "families/form.html", {"form": form, "family": None})


@require_http_methods(["GET", "POST"])
def family_edit(request: HttpRequest, pk: int) -> HttpResponse:
    family = get_family(request.user, pk, to_change=True)
    form = FamilyForm(request.POST or None, instance=family, council=family.council)
    stale = False
    if request.method == "POST" and form.is_valid():
        try:
            update_family(request.user, family, form.cleaned_data, form.cleaned_data.get("version"))
        except StaleFamily:
            stale = True
        else:
            messages.success(request, f"Family {family.reference} saved.")
            return redirect(family)
    return render(
        request, "families/form.html", {"form": form, "family": family, "stale": stale}, status=409 if stale else 200
    )


def family_detail(request: HttpRequest, pk: int) -> HttpResponse:
    family = get_family(request.user, pk)
    people = list(
        Person.objects.filter(family=family).prefetch_related(*related_names()),
    )
    user = request.user
    # Central staff see an age band, taken on the day the family was identified (when the criteria were judged).
    on = family.identified_on
    household = [
        {"person": person, "label": person_label(person, user), "age_band": person.age_band(on)} for person in people
    ]
    return render(
        request,
        "families/detail.html",
        {
            "family": family,
            "household": household,
            "events": timeline(family, people, user),
            "history": change_history(family, user),
            "may_change": may_change_families(user),
            "kinds": KINDS,
            "result": results_of_family(family, programme_today(), people),
            "judged_on": programme_today(),
            "evidence": judge_evidence(family, records_from_people(people)),
        },
    )


def _kind(slug: str):
    kind = KINDS.get(slug)
    if kind is None:
        raise Http404("No such kind of record")
    return kind


@require_http_methods(["GET", "POST"])
def record_form(request: HttpRequest, pk: int, kind: str, record_pk: int | None = None) -> HttpResponse:
    """Add a record of a kind to a family, or edit one of its records (`record_pk`)."""
    family = get_family(request.user, pk, to_change=True)
    record_kind = _kind(kind)
    record = get_object_or_404(record_kind.of_family(family), pk=record_pk) if record_pk else None
    form = record_kind.form_class(request.POST or None, instance=record, family=family)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
            Family.objects.filter(pk=family.pk).refresh_latest_record_on()
        messages.success(request, f"{record_kind.noun.capitalize()} {'saved' if record else 'added'}.")
        return redirect(family)
    context = {"form": form, "family": family, "kind": record_kind, "record": record}
    return render(request, "families/record_form.html", context)


@require_http_methods(["GET", "POST"])
def record_delete(request: HttpRequest, pk: int, kind: str, record_pk: int) -> HttpResponse:
    family = get_family(request.user, pk, to_change=True)
    record_kind = _kind(kind)
    record = get_object_or_404(record_kind.of_family(family), pk=record_pk)
    if request.method == "POST":
        with transaction.atomic():
            record.delete()  # a person with their records
            Family.objects.filter(pk=family.pk).refresh_latest_record_on()
        messages.success(request, f"{record_kind.noun.capitalize()} removed.")
        return redirect(family)
    label = person_label(record, request.user) if isinstance(record, Person) else str(record)
    context = {"family": family, "kind": record_kind, "record": record, "label": label}
    return render(request, "families/record_delete.html", context)


# ---------------------------------------------------------------------------------------------------------------
# Loading a case file: upload, then the worker checks it (families/tasks.py) while the page shows its progress; then
# a report (every problem) or a preview (what would change); then confirm, saved by the worker too.

POLL_SECONDS = 2  # how often a page about an upload at work reloads itself (the Refresh header: no script needed)


@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest) -> HttpResponse:
    require_may_change(request.user)
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    uploads = CaseUpload.objects.filter(council=request.user.council)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        stored = CaseUpload.objects.create(
            council=request.user.council, uploaded_by=request.user, filename=upload.name[:200], content=upload.read()
        )
        tasks.start_check(stored)
        return redirect("families:import_review", stored.pk)
    recent = uploads.select_related("uploaded_by").defer("content")[:10]
    return render(request, "families/import.html", {"form": form, "recent": recent})


@require_http_methods(["GET", "POST"])
def import_review(request: HttpRequest, upload_pk: int) -> HttpResponse:
    upload = get_upload(request.user, upload_pk)
    if request.method == "POST":
        if not tasks.start_saving(upload, request.user):
            messages.error(request, f"{upload.filename} cannot be saved: it has problems, or it is saved already.")
        return redirect("families:import_review", upload.pk)
    failed = upload.status == CaseUpload.Status.FAILED or tasks.task_failed(upload)
    response = render(request, "families/import_review.html", {"upload": upload, "failed": failed})
    if upload.is_working and not failed:
        response["Refresh"] = str(POLL_SECONDS)
    return response


def import_template(request: HttpRequest, example: bool = False) -> HttpResponse:
    """A blank case file (the column headings of every sheet), or the example with two families."""
    sheets = example_sheets() if example else {name: [] for name in SHEETS}
    response = HttpResponse(
        write_workbook(sheets), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    name = "example-case-file" if example else "case-file-template"
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response
