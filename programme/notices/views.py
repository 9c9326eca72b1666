"""For admins: every reminder and notice e-mailed, with its recipient, when it was queued and when it went."""

import django_filters
import django_tables2 as tables
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from councils.forms import GovukForm
from councils.lists import table_page
from programme.notices.models import Notice


class NoticeFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label="What it was", choices=Notice.Kind.choices, empty_label="Anything")
    on = django_filters.DateFilter(label="Business date (for example 2014-06-30)")

    class Meta:
        model = Notice
        form = GovukForm
        fields = ["kind", "on"]


class NoticeTable(tables.Table):
    label = "Messages sent"
    queued_at = tables.DateTimeColumn(
        verbose_name="Queued", format="j M Y H:i", attrs={"td": {"class": "app-table__cell--date"}}
    )
    on = tables.DateColumn(verbose_name="Business date", format="j M Y")
    kind = tables.Column("What")
    recipient = tables.Column("To", accessor="recipient")
    email = tables.Column("E-mail address")
    subject = tables.Column("Subject")
    sent_at = tables.DateTimeColumn(verbose_name="Sent", format="j M Y H:i", default="Not yet")

    class Meta:
        model = Notice
        fields = ("queued_at", "on", "kind", "recipient", "email", "subject", "sent_at")
        empty_text = "No message matches these filters."


def message_list(request: HttpRequest) -> HttpResponse:
    if not request.user.administers:
        raise PermissionDenied
    return table_page(
        request,
        queryset=Notice.objects.select_related("recipient"),
        table_class=NoticeTable,
        filterset_class=NoticeFilter,
        template_name="notices/message_list.html",
        export_name="messages-sent",
    )
