"""Recording and sending notices: each one is a row (notices.Notice) written before its e-mail is queued, in the
same transaction, so that it is sent once.

`notify` renders the template `notices/<kind>.txt` for each person (its first line is the subject, the rest the
body, with a link to the page from SITE_URL), inserts the row and queues `send_notice` in the task engine
(docs/decisions/0006-background-tasks.md). The insert is the guard: the unique constraint on (kind, key,
recipient) refuses a second row, whether from a re-run of the daily job or another worker running it at the same
moment (its insert waits for ours and then fails), and a notice refused sends nothing. A notice queued inside an
action (a line rejected, an ask answered) rolls back with it.
"""

from collections.abc import Iterable
from datetime import date

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone
from django_tasks import task

from councils.calendar import programme_today
from councils.models import User
from programme.notices.models import Notice


def absolute_url(path: str) -> str:
    """A link for an e-mail: the page's path on SITE_URL (the address people use to reach the service)."""
    return settings.SITE_URL.rstrip("/") + path


def council_people(council_ids: Iterable[int], roles: Iterable[str] = (User.Role.APPROVER,)) -> QuerySet[User]:
    """The active users of these councils in these roles who have an e-mail address."""
    return (
        User.objects.filter(is_active=True, council_id__in=list(council_ids), role__in=list(roles))
        .exclude(email="")
        .order_by("pk")
    )


def render(kind: str, context: dict) -> tuple[str, str]:
    """The subject (the template's first line) and the body (the rest)."""
    text = render_to_string(f"notices/{kind}.txt", context).strip()
    subject, _, body = text.partition("\n")
    return subject.strip()[:200], body.strip() + "\n"


def notify(kind: str, key: str, people: Iterable[User], context: dict, *, on: date | None = None) -> int:
    """Queue the notice `kind` about `key` to each person who has not had it; how many were queued."""
    on = on or programme_today()
    people = list(people)
    already = set(
        Notice.objects.filter(kind=kind, key=key, recipient__in=people).values_list("recipient_id", flat=True)
    )
    queued = 0
    for person in people:
        if person.pk in already:
            continue
        subject, body = render(kind, {**context, "person": person, "on": on})
        try:
            with transaction.atomic():
                notice = Notice.objects.create(
                    kind=kind, key=key, on=on, recipient=person, email=person.email, subject=subject, body=body
                )
                send_notice.enqueue(notice_id=notice.pk)
        except IntegrityError:
            continue  # sent already, by another run at the same moment
        queued += 1
    return queued


@task()
def send_notice(notice_id: int) -> str:
    """Send one recorded notice from DEFAULT_FROM_EMAIL and stamp when it went. A failure (the relay or Notify
    refused it) fails the task, which the worker records with its error; the notice stays unsent."""
    notice = Notice.objects.filter(pk=notice_id, sent_at__isnull=True).first()
    if notice is None:
        return "Sent already"
    EmailMessage(subject=notice.subject, body=notice.body, to=[notice.email]).send()
    Notice.objects.filter(pk=notice.pk).update(sent_at=timezone.now())
    return f"{notice.get_kind_display()} sent"
