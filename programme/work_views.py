"""Pages for a pilot's asks of Whitehall and its quarterly returns: visible to its member councils and central
staff only (404 to anyone else)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from councils.calendar import programme_today
from councils.formats import long_date
from councils.lists import table_page
from programme import access, actions, forms
from programme.actions import ASK_MOVES
from programme.filters import AllAsksFilter, AskFilter, ReturnFilter
from programme.models import Ask, Measure, Milestone, Pilot, Plan, ProgressReturn, ReportingQuarter
from programme.tables import AllAsksTable, AllReturnsTable, AskTable, ReturnTable


def ask_list(request: HttpRequest, slug: str) -> HttpResponse:
    pilot = access.get_pilot(request.user, slug, private=True)
    asks = Ask.objects.filter(plan__pilot=pilot).select_related("plan__pilot").order_by("-raised_on", "-pk")
    return table_page(
        request,
        queryset=asks,
        table_class=AskTable,
        filterset_class=AskFilter,
        template_name="programme/ask_list.html",
        export_name=f"{pilot.slug}-asks",
        context={"pilot": pilot, "may_draft": access.may_draft(request.user, pilot)},
    )


def ask_new(request: HttpRequest, slug: str) -> HttpResponse:
    pilot = access.get_pilot(request.user, slug, private=True)
    if not access.may_draft(request.user, pilot):
        raise Http404("Only the pilot's councils raise asks")
    form = forms.AskForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        ask = actions.raise_ask(request.user, pilot, **form.cleaned_data)
        messages.success(request, "The ask is raised with Whitehall.")
        return redirect("programme:ask", pilot.slug, ask.pk)
    return render(request, "programme/ask_new.html", {"pilot": pilot, "form": form})


def _ask(request: HttpRequest, slug: str, pk: int) -> Ask:
    pilot = access.get_pilot(request.user, slug, private=True)
    ask = get_object_or_404(Ask.objects.select_related("raised_by"), plan__pilot=pilot, pk=pk)
    ask.plan.pilot = pilot
    return ask


def _move_choices(ask: Ask) -> list:
    return [(s, Ask.Status(s).label) for s in Ask.Status.values if s in ASK_MOVES[ask.status]]


def ask_detail(request: HttpRequest, slug: str, pk: int, move_form=None, comment_form=None) -> HttpResponse:
    ask = _ask(request, slug, pk)
    context = {
        "pilot": ask.plan.pilot,
        "ask": ask,
        "comments": ask.comments.select_related("author"),
        "comment_form": comment_form or forms.CommentForm(),
    }
    if access.may_move_ask(request.user):
        context["move_form"] = move_form or forms.MoveAskForm(choices=_move_choices(ask))
    return render(request, "programme/ask_detail.html", context)


@require_POST
def ask_move(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    ask = _ask(request, slug, pk)
    if not access.may_move_ask(request.user):
        raise Http404("Only central staff move asks")
    form = forms.MoveAskForm(request.POST, choices=_move_choices(ask))
    if form.is_valid():
        try:
            actions.move_ask(request.user, ask, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error.messages[0])
        else:
            messages.success(request, f"The ask is now {Ask.Status(form.cleaned_data['status']).label.lower()}.")
            return redirect("programme:ask", slug, pk)
    return ask_detail(request, slug, pk, move_form=form)


@require_POST
def ask_comment(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    ask = _ask(request, slug, pk)
    form = forms.CommentForm(request.POST)
    if form.is_valid():
        actions.comment_on_ask(request.user, ask, form.cleaned_data["text"])
        messages.success(request, "Your comment is added.")
        return redirect("programme:ask", slug, pk)
    return ask_detail(request, slug, pk, comment_form=form)


def return_list(request: HttpRequest, slug: str) -> HttpResponse:
    pilot = access.get_pilot(request.user, slug, private=True)
    returns = ProgressReturn.objects.filter(pilot=pilot).select_related("quarter", "pilot", "submitted_by")
    return table_page(
        request,
        queryset=returns.order_by("-quarter__starts_on"),
        table_class=ReturnTable,
        filterset_class=None,
        template_name="programme/return_list.html",
        export_name=f"{pilot.slug}-returns",
        context={
            "pilot": pilot,
            "may_submit": access.may_submit_return(request.user, pilot),
            "missing": _missing_quarters(pilot),
        },
    )


def _missing_quarters(pilot) -> list[ReportingQuarter]:
    """Quarters past their due date with no return from the pilot (today's date)."""
    quarters = ReportingQuarter.objects.due_by(programme_today()).exclude(returns__pilot=pilot)
    return [q for q in quarters if q.expects_return_from(pilot)]


def return_new(request: HttpRequest, slug: str) -> HttpResponse:
    pilot = access.get_pilot(request.user, slug, private=True)
    if not access.may_submit_return(request.user, pilot):
        raise Http404("Only the pilot's approvers submit returns")
    plan = Plan.objects.for_pilot(pilot)
    open_quarters = ReportingQuarter.objects.exclude(returns__pilot=pilot)
    if pilot.started_on:
        open_quarters = open_quarters.filter(ends_on__gte=pilot.started_on)
    form = forms.ReturnForm(
        request.POST if request.method == "POST" else None,
        pilot=pilot,
        quarters=open_quarters,
        milestones=Milestone.objects.filter(plan=plan),
        measures=Measure.objects.filter(plan=plan),
    )
    if request.method == "POST" and form.is_valid():
        try:
            progress_return = actions.submit_return(
                request.user,
                pilot,
                form.cleaned_data["quarter"],
                rag=form.cleaned_data["rag"],
                narrative=form.cleaned_data["narrative"],
                milestone_updates=form.milestone_updates(),
                readings=form.readings(),
            )
        except ValidationError as error:
            form.add_error(None, error.messages[0])
        else:
            message = f"The return for {progress_return.quarter} is submitted."
            if progress_return.is_late:
                message += f" It is late: it was due by {long_date(progress_return.quarter.due_on)}."
            messages.success(request, message)
            return redirect("programme:return", pilot.slug, progress_return.pk)
    return render(request, "programme/return_new.html", {"pilot": pilot, "form": form})


def _return(request: HttpRequest, slug: str, pk: int) -> ProgressReturn:
    pilot = access.get_pilot(request.user, slug, private=True)
    progress_return = get_object_or_404(
        ProgressReturn.objects.select_related("quarter", "submitted_by", "reviewed_by"), pilot=pilot, pk=pk
    )
    progress_return.pilot = pilot
    return progress_return


def return_detail(request: HttpRequest, slug: str, pk: int, review_form=None) -> HttpResponse:
    progress_return = _return(request, slug, pk)
    context = {
        "pilot": progress_return.pilot,
        "return": progress_return,
        "updates": progress_return.milestone_updates.select_related("milestone"),
        "readings": progress_return.readings.select_related("measure"),
        "comments": progress_return.comments.select_related("author"),
    }
    if access.may_review(request.user):
        context["review_form"] = review_form or forms.CommentForm()
    return render(request, "programme/return_detail.html", context)


@require_POST
def return_review(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    progress_return = _return(request, slug, pk)
    if not access.may_review(request.user):
        raise Http404("Only central staff review returns")
    form = forms.CommentForm(request.POST)
    if form.is_valid():
        actions.review_return(request.user, progress_return, form.cleaned_data["text"])
        messages.success(request, "Your review comment is added.")
        return redirect("programme:return", slug, pk)
    return return_detail(request, slug, pk, review_form=form)


def _pilots_seen_by(user):
    """Every pilot for central staff and admins; a council's own pilots for its users."""
    return Pilot.objects.all() if access.sees_every_pilot(user) else Pilot.objects.of_council(user.council)


def all_asks(request: HttpRequest) -> HttpResponse:
    """Every pilot's asks of Whitehall the user may see, by department and status."""
    asks = Ask.objects.of_pilots(_pilots_seen_by(request.user)).select_related("plan__pilot")
    return table_page(
        request,
        queryset=asks.order_by("-raised_on", "-pk"),
        table_class=AllAsksTable,
        filterset_class=AllAsksFilter,
        template_name="programme/all_asks.html",
        export_name="asks",
    )


def all_returns(request: HttpRequest) -> HttpResponse:
    """Every pilot's quarterly returns the user may see; central staff's queue is "not reviewed yet"."""
    returns = ProgressReturn.objects.filter(pilot__in=_pilots_seen_by(request.user))
    return table_page(
        request,
        queryset=returns.select_related("quarter", "pilot", "submitted_by").order_by(
            "-quarter__starts_on", "pilot__name"
        ),
        table_class=AllReturnsTable,
        filterset_class=ReturnFilter,
        template_name="programme/all_returns.html",
        export_name="returns",
    )
