"""E-mail leaves the request: each message is rendered where it is written (the invitation, the password reset) and
sent by a task in the worker (docs/decisions/0006-background-tasks.md), so a slow or unreachable mail relay never
holds a web request, and a message whose transaction rolls back is never sent (the task is queued in the same
transaction, in the database)."""

from django.contrib.auth.forms import PasswordResetForm
from django.core.mail import EmailMultiAlternatives
from django.template import loader
from django_tasks import task


@task()
def send_email(subject: str, body: str, to: list[str], html: str | None = None) -> None:
    """Send one message from DEFAULT_FROM_EMAIL. A failure (the relay refused it) fails the task, which the worker
    records with its error."""
    message = EmailMultiAlternatives(subject=subject, body=body, to=to)
    if html:
        message.attach_alternative(html, "text/html")
    message.send()


class PasswordResetByTaskForm(PasswordResetForm):
    """Django's password reset, with its message sent by the worker."""

    def send_mail(
        self, subject_template_name, email_template_name, context, from_email, to_email, html_email_template_name=None
    ) -> None:
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        html = loader.render_to_string(html_email_template_name, context) if html_email_template_name else None
        send_email.enqueue(subject=subject, body=body, to=[to_email], html=html)
