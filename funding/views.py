"""Claims pages. Views read the request, call funding.actions or funding.reports, and render.

Every claim is fetched through Claim.objects.visible_to(user): another council's claim answers 404. Pages for
central staff only also answer 404 to everyone else."""

from datetime import date

from django.contrib import messages
from django.db.models import Count, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from councils.access import Refused, show_refusal
from councils.calendar import last_quarter_end, programme_today
from councils.formats import count, pounds
from councils.lists import csv_response, table_page, wants_csv
from councils.models import Council, User
from families.evidence import evidence_of
from families.models import Family
from funding import actions, claimable, reports, statements
from funding.access import (
    get_claim,
    get_claim_to_review,
    may_change_draft,
    may_prepare_claims,
    may_read_monitoring,
    may_review_claims,
    require_reviewer,
)
from funding.filters import ClaimFilter, ClaimLineFilter
from funding.forms import (
    AsOfForm,
    CheckForm,
    DecideLineForm,
    PrepareClaimForm,
    RemoveLineForm,
    SampleForm,
    WindowForm,
)
from funding.models import Claim, ClaimLine, ClaimWindow, Grant, ProgrammeBudget, SpotCheck
from funding.money_views import confirm_reject_paid_line, figures_of
from funding.results import results_of_family
from funding.tables import ClaimLineTable, ClaimTable, spot_check_rows


def _council_for(request: HttpRequest) -> Council:
    """The council a page is about: the user's own, or the one central staff chose with ?council=GSS."""
    if request.user.works_for_council:
        return request.user.council
    code = request.GET.get("council") or ""
    return get_object_or_404(Council, gss_code=code) if code else None


QUEUE_SHOWN = 20  # claims of the review queue shown above the list of all claims


def claim_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    # Each claim's figures as a subquery of its own lines: worked out for the claims on the page (and in the review
    # queue) only, not by grouping every line of the programme before the page is cut.
    counting = ClaimLine.objects.filter(claim=OuterRef("pk"), status__in=ClaimLine.COUNTING).order_by().values("claim")
    line_count = Coalesce(Subquery(counting.annotate(n=Count("pk")).values("n")), 0)
    total = Coalesce(Subquery(counting.annotate(t=Sum("amount")).values("t")), 0)
    visible = Claim.objects.visible_to(user).select_related("council").order_by("-results_on", "-pk")
    claims = visible.annotate(line_count=line_count, total=total)
    today = programme_today()
    queue, queue_size = None, 0
    if may_review_claims(user):
        # The review queue: the claims submitted first, each with its total only (one pass over its lines); a long
        # queue shows its first QUEUE_SHOWN and links to the whole of it (?stage=review), so a claim window's surge
        # does not sum every line of every claim in review on each visit.
        waiting = visible.awaiting_review(today).order_by("submitted_at", "pk")
        queue = list(waiting.annotate(total=total)[: QUEUE_SHOWN + 1])
        queue_size = waiting.count() if len(queue) > QUEUE_SHOWN else len(queue)
        queue = queue[:QUEUE_SHOWN]
    return table_page(
        request,
        queryset=claims,
        table_class=ClaimTable,
        filterset_class=ClaimFilter,
        template_name="funding/claim_list.html",
        export_name="claims",
        context={
            "queue": queue,
            "queue_size": queue_size,
            "window": ClaimWindow.objects.open_on(today).first(),
            "today": today,
        },
    )


def claim_prepare(request: HttpRequest) -> HttpResponse:
    if not may_prepare_claims(request.user):
        raise Http404
    form = PrepareClaimForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            claim = actions.prepare_claim(request.user, form.cleaned_data["results_on"])
        except Refused as refused:
            show_refusal(request, refused, form)
        else:
            claimable.after_draft(request.user.council, claim.results_on)  # what is left to claim now (the home)
            f = figures_of(claim)
            messages.success(
                request, f"Draft claim prepared with {count(f.counting, 'line')}, {pounds(f.counting_total)}"
            )
            return redirect(claim)
    return render(request, "funding/claim_prepare.html", {"form": form})


def claim_detail(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_claim(request.user, pk)
    # In reference order from the lines' own index (claim, family reference, payment type): a page of a claim of
    # thousands of lines joins no family, and each line knows its claim (the related manager sets it).
    lines = claim.lines.order_by("family_reference", "payment_type")
    totals = claim.lines.values("status").annotate(n=Count("pk"), total=Sum("amount")).order_by("status")
    today = programme_today()
    in_review = claim.status == Claim.Status.SUBMITTED and not claim.is_waiting_for_window(today)
    return table_page(
        request,
        queryset=lines,
        table_class=ClaimLineTable,
        filterset_class=ClaimLineFilter,
        template_name="funding/claim_detail.html",
        export_name=f"claim-{claim.pk}-lines",
        context={
            "claim": claim,
            "totals": {row["status"]: row for row in totals},
            "events": claim.events.select_related("by"),
            "checks": spot_check_rows(claim, may_record=may_review_claims(request.user) and in_review),
            "checkers": sorted(
                {
                    u.get_full_name() or u.username
                    for u in User.objects.filter(pk__in=claim.spot_checks.values("checked_by"))
                }
            ),
            "waiting": claim.is_waiting_for_window(today),
            "in_review": in_review,
            "next_window": ClaimWindow.objects.next_after(today),
            "may_return": may_review_claims(request.user) and actions.may_be_returned(claim),
            "sample_form": SampleForm(),
        },
    )


def line_detail(request: HttpRequest, pk: int, line_pk: int) -> HttpResponse:
    claim = get_claim(request.user, pk)
    line = get_object_or_404(claim.lines.select_related("family"), pk=line_pk)
    user = request.user
    removes = may_change_draft(user, claim)
    form_class = RemoveLineForm if removes else DecideLineForm if may_review_claims(user) else None
    form = form_class(request.POST or None) if form_class else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                if removes:
                    actions.remove_line(user, line, form.cleaned_data["reason"])
                else:
                    accept = form.cleaned_data["decision"] == "accept"
                    if not accept and line.paid_at is not None and "confirm" not in request.POST:
                        return confirm_reject_paid_line(request, claim, line, form.cleaned_data["reason"])
                    actions.decide_line(user, line, accept=accept, reason=form.cleaned_data["reason"])
            except Refused as refused:
                show_refusal(request, refused, form)
            else:
                line.refresh_from_db()
                done = f"Line for {line.family.reference} {line.get_status_display().lower()}"
                if line.status == ClaimLine.Status.REJECTED and line.paid_at is not None:
                    done += f": {pounds(line.amount)} will be recovered from {claim.council.name}'s next payment"
                messages.success(request, done)
                return redirect(claim)
    context = {"claim": claim, "line": line, "form": form, "evidence": evidence_of(line.family)}
    return render(request, "funding/line_detail.html", context)


def _central_post(request: HttpRequest, pk: int, action, success: str) -> HttpResponse:
    claim = get_claim_to_review(request.user, pk)
    try:
        action(claim)
    except Refused as refused:
        show_refusal(request, refused)
    else:
        messages.success(request, success)
    return redirect(claim)


@require_POST
def claim_sample(request: HttpRequest, pk: int) -> HttpResponse:
    form = SampleForm(request.POST)
    rate = form.cleaned_data["rate"] if form.is_valid() else actions.DEFAULT_SAMPLE_RATE
    return _central_post(
        request, pk, lambda claim: actions.draw_sample(request.user, claim, rate=rate), "Spot-check sample drawn"
    )


@require_POST
def claim_discard(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_claim(request.user, pk)
    try:
        actions.discard_draft(request.user, claim)
    except Refused as refused:
        show_refusal(request, refused)
        return redirect(claim)
    claimable.work_out(request.user.council)  # its payments can be claimed again
    messages.success(request, "Draft claim discarded")
    return redirect("funding:list")


def check_detail(request: HttpRequest, pk: int, check_pk: int) -> HttpResponse:
    claim = get_claim_to_review(request.user, pk)
    check = get_object_or_404(SpotCheck.objects.select_related("line__family"), pk=check_pk, claim=claim)
    form = CheckForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            passed = form.cleaned_data["outcome"] == "passed"
            actions.record_check(request.user, check, passed=passed, notes=form.cleaned_data["notes"])
        except Refused as refused:
            show_refusal(request, refused, form)
        else:
            messages.success(request, f"Spot check of {check.line.family.reference} recorded")
            return redirect(claim)
    context = {"claim": claim, "check": check, "form": form, "evidence": evidence_of(check.line.family)}
    return render(request, "funding/check_detail.html", context)


def window_list(request: HttpRequest) -> HttpResponse:
    require_reviewer(request.user)
    form = WindowForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.open_window(request.user, form.cleaned_data["opens_on"], form.cleaned_data["closes_on"])
        except Refused as refused:
            show_refusal(request, refused, form)
        else:
            messages.success(request, "Claim window saved")
            return redirect("funding:windows")
    windows = ClaimWindow.objects.annotate(claim_count=Count("claims"))
    return render(request, "funding/windows.html", {"form": form, "windows": windows, "today": programme_today()})


@require_POST
def window_close(request: HttpRequest, window_pk: int) -> HttpResponse:
    require_reviewer(request.user)
    window = get_object_or_404(ClaimWindow, pk=window_pk)
    try:
        actions.close_window(request.user, window)
    except Refused as refused:
        show_refusal(request, refused)
    else:
        messages.success(request, "Claim window closed")
    return redirect("funding:windows")


def _as_of(request: HttpRequest, default: date | None = None) -> tuple[AsOfForm, date]:
    form = AsOfForm(request.GET or None)
    day = form.cleaned_data.get("on") if form.is_valid() else None
    return form, day or default or programme_today()


def family_results(request: HttpRequest, family_pk: int) -> HttpResponse:
    family = get_object_or_404(Family.objects.visible_to(request.user).select_related("council"), pk=family_pk)
    form, as_of = _as_of(request)
    result = results_of_family(family, as_of)
    lines = family.claim_lines.select_related("claim").order_by("claim__results_on", "payment_type")
    return render(
        request,
        "funding/family_results.html",
        {"family": family, "result": result, "as_of": as_of, "form": form, "lines": lines},
    )


def progress_return(request: HttpRequest) -> HttpResponse:
    council = _council_for(request)
    form, as_of = _as_of(request, default=last_quarter_end(programme_today()))
    rows = reports.progress_return(council, as_of) if council else []
    if council and wants_csv(request):
        header = ["council", "gss_code", "as_of", "measure", "families", "percent_of_estimate"]
        body = [[council.name, council.gss_code, as_of.isoformat(), r.measure, r.count, r.of_estimate] for r in rows]
        return csv_response([header, *body], f"progress-return-{council.gss_code}-{as_of}")
    return render(
        request,
        "funding/progress_return.html",
        {"council": council, "rows": rows, "as_of": as_of, "form": form, "councils": _councils_for(request)},
    )


def _councils_for(request: HttpRequest):
    return None if request.user.works_for_council else Council.objects.order_by("name").only("name", "gss_code")


STATEMENT_HEADER = [
    "council",
    "gss_code",
    "financial_year",
    "claimed",
    "accepted",
    "rejected",
    "awaiting_decision",
    "accepted_lines_paid",
    "recoveries_raised",
    "recoveries_deducted",
    "cash_paid",
    "recoveries_outstanding_at_year_end",
    "reconciles",
]


def statement(request: HttpRequest) -> HttpResponse:
    council = _council_for(request)
    money = statements.statement(council) if council else None
    if money and wants_csv(request):
        body = [
            [
                council.name,
                council.gss_code,
                r.financial_year,
                r.claimed,
                r.accepted,
                r.rejected,
                r.awaiting,
                r.lines_paid,
                r.recoveries_raised,
                r.recoveries_deducted,
                r.cash_paid,
                r.outstanding_at_end,
                "yes" if r.reconciles else "no",
            ]
            for r in money.rows
        ]
        return csv_response([STATEMENT_HEADER, *body], f"statement-{council.gss_code}")
    return render(
        request, "funding/statement.html", {"council": council, "money": money, "councils": _councils_for(request)}
    )


def grant_list(request: HttpRequest) -> HttpResponse:
    grants = Grant.objects.prefetch_related("payments__council").annotate(paid=Sum("payments__amount", default=0))
    return render(request, "funding/grants.html", {"grants": grants})


def budget(request: HttpRequest) -> HttpResponse:
    programme = ProgrammeBudget.objects.first()
    years = reports.budget_years(programme)
    return render(
        request,
        "funding/budget.html",
        {
            "programme": programme,
            "years": years,
            "contributed": sum(y.contributed for y in years),
            "paid": sum(y.paid for y in years),
        },
    )


def monitoring_extract(request: HttpRequest) -> HttpResponse:
    if not may_read_monitoring(request.user):
        raise Http404
    if wants_csv(request):
        return csv_response(reports.monitoring_extract(), "family-monitoring")
    return render(request, "funding/monitoring.html", {})
