"""The workflows that change a pilot's plan, asks and returns. Each takes the acting user, checks that user may
act (programme/access.py, refusing with councils.access.Refused; what is wrong with the input is a ValidationError
for the form), runs in one transaction and records who acted and when. Views, the demo seed and tests all call these.
"""

import time
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from councils.access import permit
from councils.calendar import programme_today
from councils.models import User
from programme import access
from programme.models import (
    Ask,
    AskComment,
    Measure,
    MeasureReading,
    Milestone,
    MilestoneUpdate,
    OutcomeSummary,
    Pilot,
    Plan,
    PlanVersion,
    ProgressReturn,
    ReportingQuarter,
    ReturnComment,
)
from programme.notices import events as notices
from programme.snapshots import same_plan, snapshot_of

# Where an ask may go next. A closed ask can be reopened for discussion if a department changes its mind.
ASK_MOVES = {
    Ask.Status.RAISED: {Ask.Status.IN_DISCUSSION, Ask.Status.AGREED, Ask.Status.DECLINED},
    Ask.Status.IN_DISCUSSION: {Ask.Status.AGREED, Ask.Status.DECLINED},
    Ask.Status.AGREED: {Ask.Status.IN_DISCUSSION},
    Ask.Status.DECLINED: {Ask.Status.IN_DISCUSSION},
}


def _as(user: User, *objects) -> None:
    """Name the acting user on the history rows these saves write (also outside a web request)."""
    for obj in objects:
        obj._history_user = user


@transaction.atomic
def save_plan_part(user: User, pilot: Pilot, form=None, formsets=()) -> Plan:
    """Save one part of the draft plan (a form for the plan's own text, formsets for its rows)."""
    permit(access.may_draft(user, pilot), "Only officers and approvers of the pilot's councils draft its plan.")
    plan = Plan.objects.select_for_update().get(pk=Plan.objects.for_pilot(pilot).pk)
    if form is not None:
        plan = form.save(commit=False)
    for formset in formsets:
        for obj in formset.save(commit=False):
            if hasattr(obj, "plan_id") and not obj.plan_id:
                obj.plan = plan
            _as(user, obj)
            obj.save()
        for obj in formset.deleted_objects:
            _as(user, obj)
            obj.delete()
    plan.updated_at = timezone.now()
    plan.updated_by = user
    _as(user, plan)
    plan.save()
    return plan


@transaction.atomic
def publish_plan(user: User, pilot: Pilot, note: str = "") -> PlanVersion:
    """Freeze the draft as the next published version. Approvers of member councils only."""
    permit(access.may_publish(user, pilot), "Only an approver of one of the pilot's councils publishes its plan.")
    plan = Plan.objects.select_for_update().get(pk=Plan.objects.for_pilot(pilot).pk)
    snapshot = snapshot_of(plan)
    latest = plan.latest_version()
    if latest is not None and same_plan(latest.snapshot, snapshot):
        raise ValidationError("Nothing has changed since the last published version.")
    number = (plan.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    return PlanVersion.objects.create(
        plan=plan, number=number, note=note, snapshot=snapshot, published_at=timezone.now(), published_by=user
    )


@transaction.atomic
def raise_ask(user: User, pilot: Pilot, *, department: str, request: str, reason: str = "", on: date | None = None):
    permit(access.may_draft(user, pilot), "Only the pilot's councils raise its asks.")
    ask = Ask(
        plan=Plan.objects.for_pilot(pilot),
        department=department,
        request=request,
        reason=reason,
        raised_on=on or programme_today(),
        raised_by=user,
    )
    _as(user, ask)
    ask.save()
    return ask


@transaction.atomic
def move_ask(
    user: User, ask: Ask, status: str, *, comment: str = "", resolution: str = "", on: date | None = None
) -> Ask:
    """Move an ask along (raised, in discussion, agreed or declined), with a comment saying why."""
    permit(access.may_move_ask(user), "Only central staff and the pilot's Whitehall champion move an ask along.")
    ask = Ask.objects.select_for_update().get(pk=ask.pk)
    if status not in ASK_MOVES[ask.status]:
        raise ValidationError(
            f"An ask that is {ask.get_status_display().lower()} cannot move to {Ask.Status(status).label.lower()}."
        )
    on = on or programme_today()
    closing = status in Ask.CLOSED
    if closing and not resolution.strip():
        raise ValidationError("Say what was agreed or why it was declined.")
    previous = ask.status
    ask.status = status
    ask.status_changed_on = on
    ask.resolved_on = on if closing else None
    if closing:
        ask.resolution = resolution.strip()
    _as(user, ask)
    ask.save()
    AskComment.objects.create(ask=ask, author=user, text=comment.strip(), status_from=previous, status_to=status)
    notices.ask_moved(ask)
    return ask


@transaction.atomic
def comment_on_ask(user: User, ask: Ask, text: str) -> AskComment:
    permit(
        access.may_comment_on_ask(user, ask.plan.pilot),
        "Only the pilot's councils and central staff comment on its asks.",
    )
    if not text.strip():
        raise ValidationError("Enter a comment.")
    return AskComment.objects.create(ask=ask, author=user, text=text.strip())


@transaction.atomic
def submit_return(
    user: User,
    pilot: Pilot,
    quarter: ReportingQuarter,
    *,
    rag: str,
    narrative: str,
    milestone_updates: list[tuple[Milestone, str, str]] = (),
    readings: list[tuple[Measure, object]] = (),
) -> ProgressReturn:
    """Submit the pilot's return for a quarter: the RAG rating and narrative, each milestone's new status (which
    updates the plan's set-up plan) and a reading of each measure, dated the quarter's end."""
    permit(access.may_submit_return(user, pilot), "Only an approver of one of the pilot's councils submits its return.")
    if ProgressReturn.objects.filter(pilot=pilot, quarter=quarter).exists():
        raise ValidationError(f"The return for {quarter} has already been submitted.")
    now = timezone.now()
    progress_return = ProgressReturn(
        pilot=pilot, quarter=quarter, rag=rag, narrative=narrative, submitted_at=now, submitted_by=user
    )
    _as(user, progress_return)
    progress_return.save()
    plan = Plan.objects.for_pilot(pilot)
    for milestone, status, note in milestone_updates:
        if milestone.plan_id != plan.pk:
            raise ValidationError("A milestone of another pilot cannot be updated.")
        MilestoneUpdate.objects.create(progress_return=progress_return, milestone=milestone, status=status, note=note)
        if milestone.status != status:
            milestone.status = status
            milestone.completed_on = programme_today() if status == Milestone.Status.DONE else None
            _as(user, milestone)
            milestone.save()
    for measure, value in readings:
        if measure.plan_id != plan.pk:
            raise ValidationError("A measure of another pilot cannot be read.")
        if value is None or value == "":
            continue
        MeasureReading.objects.update_or_create(
            measure=measure,
            read_on=quarter.ends_on,
            defaults={"value": value, "progress_return": progress_return},
        )
    return progress_return


@transaction.atomic
def review_return(user: User, progress_return: ProgressReturn, comment: str) -> ReturnComment:
    """Central staff comment on a return; the first comment marks it reviewed."""
    permit(access.may_review(user), "Only central staff review returns.")
    if not comment.strip():
        raise ValidationError("Enter a comment.")
    progress_return = ProgressReturn.objects.select_for_update().get(pk=progress_return.pk)
    if progress_return.reviewed_at is None:
        progress_return.reviewed_at = timezone.now()
        progress_return.reviewed_by = user
        _as(user, progress_return)
        progress_return.save(update_fields=["reviewed_at", "reviewed_by"])
    return ReturnComment.objects.create(progress_return=progress_return, author=user, text=comment.strip())


@transaction.atomic
def refresh_outcomes(user: User | None, on: date) -> OutcomeSummary:
    """Work out the outcomes against the baseline as at `on` from every family's records, replacing any summary
    for that date. Central staff (from the national picture) or the nightly command (no user)."""
    from programme.national import outcomes  # it reads the families' records, the other actions do not

    if user is not None:
        permit(access.may_recompute_outcomes(user), "Only central staff recompute the national outcomes.")
    started = time.monotonic()
    OutcomeSummary.objects.filter(as_of=on).delete()
    summary = OutcomeSummary.objects.create(as_of=on, computed_at=timezone.now(), computed_by=user)
    outcomes.store_outcomes(summary)
    summary.seconds = round(time.monotonic() - started, 2)
    summary.save(update_fields=["seconds"])
    return summary
