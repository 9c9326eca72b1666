"""Notices of what happened, queued inside the action that did it (funding/actions/, programme/actions.py), so
that an action rolled back sends nothing. Each is sent once per person (notices/send.py)."""

from django.urls import reverse

from councils.formats import long_date, pounds
from funding.models import Claim, ClaimLine, Recovery
from programme.models import Ask
from programme.notices.models import Notice
from programme.notices.send import absolute_url, council_people, notify


def on_line_decided(sender, line: ClaimLine, **kwargs) -> int:
    return line_decided(line)


def line_decided(line: ClaimLine) -> int:
    """A line rejected: its council's approvers are told; when it had been paid, of the recovery instead."""
    if line.status != ClaimLine.Status.REJECTED:
        return 0
    claim = line.claim
    context = {"claim": claim, "line": line, "link": absolute_url(reverse("funding:line", args=[claim.pk, line.pk]))}
    recovery = Recovery.objects.filter(line=line).first()
    if recovery is not None:
        context.update(recovery=recovery, amount=pounds(recovery.amount))
        return notify(
            Notice.Kind.RECOVERY_RAISED, f"recovery {recovery.pk}", council_people([claim.council_id]), context
        )
    context["amount"] = pounds(line.amount)
    return notify(Notice.Kind.LINE_REJECTED, f"line {line.pk}", council_people([claim.council_id]), context)


def on_claim_returned(sender, claim: Claim, **kwargs) -> int:
    return claim_returned(claim, claim.return_reason)


def claim_returned(claim: Claim, reason: str) -> int:
    """A claim sent back to its council (funding.actions.return_claim): the council's approvers are told why.

    One notice per return: the key is the moment of this return (to the microsecond), so a claim returned again
    after it was resubmitted tells the council again, while sending the same return twice sends nothing."""
    if claim.returned_at is None:
        return 0
    context = {"claim": claim, "reason": reason, "link": absolute_url(claim.get_absolute_url())}
    key = f"claim {claim.pk} returned {claim.returned_at:%Y-%m-%dT%H:%M:%S.%f}"
    return notify(Notice.Kind.CLAIM_RETURNED, key, council_people([claim.council_id]), context)


def ask_moved(ask: Ask) -> int:
    """An ask agreed or declined: the approvers of the pilot's councils are told the answer."""
    if ask.status not in Ask.CLOSED:
        return 0
    pilot = ask.plan.pilot
    context = {
        "ask": ask,
        "pilot": pilot,
        "answer": ask.get_status_display().lower(),
        "resolved_on": long_date(ask.resolved_on) if ask.resolved_on else "",
        "link": absolute_url(reverse("programme:ask", args=[pilot.slug, ask.pk])),
    }
    people = council_people(pilot.memberships.values_list("council_id", flat=True))
    return notify(Notice.Kind.ASK_ANSWERED, f"ask {ask.pk} {ask.status}", people, context)
