"""Each reminder or notice e-mailed to one person, recorded before it is sent so that it is sent once.

The unique constraint on (kind, key, recipient) is what makes the daily job idempotent: a re-run, or two workers
running it at once, try to insert the same row and the database lets only one of them (notices/send.py).
"""

from django.conf import settings
from django.db import models


class Notice(models.Model):
    class Kind(models.TextChoices):
        RETURN_DUE = "return_due", "Quarterly return due in 7 days"
        RETURN_OVERDUE = "return_overdue", "Quarterly return overdue"
        WINDOW_OPENING = "window_opening", "Claim window opens in 3 days"
        WINDOW_CLOSING = "window_closing", "Claim window closes in 3 days"
        CLAIM_RETURNED = "claim_returned", "Claim returned"
        LINE_REJECTED = "line_rejected", "Claim line rejected"
        RECOVERY_RAISED = "recovery_raised", "Recovery raised"
        ASK_ANSWERED = "ask_answered", "Ask answered"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    key = models.CharField(max_length=100, help_text="What the notice is about, e.g. window 4 closing on 2014-06-30.")
    on = models.DateField("business date", help_text="The programme date the notice was judged on.")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices")
    email = models.EmailField("sent to")
    subject = models.CharField(max_length=200)
    body = models.TextField()
    queued_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-queued_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "key", "recipient"], name="notice_sent_once_per_recipient"),
        ]
        indexes = [models.Index(fields=["kind", "on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.email}"
