import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator

from councils.models import Council
from programme.models import Ask, Pilot, PlanVersion, ProgressReturn
from programme.templatetags.programme_tags import status_tag

DATE = {"td": {"class": "app-table__cell--date"}}
TEXT = {"td": {"class": "app-table__cell--text"}}


class PilotTable(tables.Table):
    label = "Pilots"  # names the table's scrolling region (includes/table.html)
    name = tables.LinkColumn("programme:pilot", args=[tables.A("slug")])
    phase = tables.Column(attrs={"td": {"class": "app-nowrap"}})
    member_count = tables.Column("Councils", attrs={"td": {"class": "govuk-table__cell--numeric"}})
    lead = tables.Column("Lead council", accessor="lead_council", orderable=False)
    announced_on = tables.DateColumn(format="j M Y", verbose_name="Announced", attrs=DATE)
    started_on = tables.DateColumn(format="j M Y", verbose_name="Started", default="Not started", attrs=DATE)

    class Meta:
        model = Pilot
        fields = ("name", "phase", "strand", "lead", "member_count", "announced_on", "started_on", "status")
        row_header = True
        empty_text = "No pilot matches these filters."


class CouncilTable(tables.Table):
    label = "Councils"  # names the table's scrolling region (includes/table.html)
    name = tables.LinkColumn("councils:detail", args=[tables.A("gss_code")])
    gss_code = tables.Column("GSS code")
    troubled_families_estimate = tables.Column(
        "Estimate", attrs={"td": {"class": "govuk-table__cell--numeric"}}, default="Not known"
    )
    funded_families = tables.Column(
        "Funded", orderable=False, attrs={"td": {"class": "govuk-table__cell--numeric"}}, default="Not known"
    )
    pilot_count = tables.Column("Pilots", attrs={"td": {"class": "govuk-table__cell--numeric"}})

    class Meta:
        model = Council
        fields = (
            "name",
            "gss_code",
            "kind",
            "region",
            "troubled_families_estimate",
            "funded_families",
            "pilot_count",
        )
        row_header = True
        empty_text = "No council matches these filters."


NUMERIC = {"td": {"class": "govuk-table__cell--numeric"}}


class VersionTable(tables.Table):
    label = "Published versions of the plan"
    number = tables.Column("Version", attrs=NUMERIC)
    published_at = tables.DateTimeColumn(format="j M Y H:i", verbose_name="Published", attrs=DATE)
    published_by = tables.Column("Published by")
    note = tables.Column("What changed", default="", attrs=TEXT)

    class Meta:
        model = PlanVersion
        fields = ("number", "published_at", "published_by", "note")
        row_header = True
        empty_text = "No version of this plan has been published yet."

    def render_number(self, record: PlanVersion) -> str:
        url = reverse("programme:plan_version", args=[record.plan.pilot.slug, record.number])
        return format_html('<a class="govuk-link" href="{}">Version {}</a>', url, record.number)

    def value_number(self, record: PlanVersion) -> int:
        return record.number


class AskTable(tables.Table):
    label = "Asks of Whitehall"
    request = tables.Column("What is asked", attrs=TEXT)
    department = tables.Column()
    status = tables.Column()
    raised_on = tables.DateColumn(format="j M Y", verbose_name="Raised", attrs=DATE)
    status_changed_on = tables.DateColumn(format="j M Y", verbose_name="Last moved", default="", attrs=DATE)
    resolution = tables.Column(default="")

    class Meta:
        model = Ask
        fields = ("request", "department", "status", "raised_on", "status_changed_on", "resolution")
        row_header = True
        empty_text = "No ask matches these filters."

    def render_request(self, record: Ask, value: str) -> str:
        url = reverse("programme:ask", args=[record.plan.pilot.slug, record.pk])
        return format_html('<a class="govuk-link" href="{}">{}</a>', url, Truncator(value).chars(80))

    def value_request(self, value: str) -> str:
        return value

    def render_status(self, record: Ask) -> str:
        return status_tag(record.status, record.get_status_display())

    def value_status(self, record: Ask) -> str:
        return record.get_status_display()


class ReturnTable(tables.Table):
    label = "Quarterly returns"
    quarter = tables.Column(order_by=("quarter__starts_on",))
    rag = tables.Column("RAG rating")
    submitted_at = tables.DateTimeColumn(format="j M Y", verbose_name="Submitted")
    due = tables.DateColumn(format="j M Y", accessor="quarter__due_on", verbose_name="Due")
    timeliness = tables.Column("On time", empty_values=(), orderable=False)
    submitted_by = tables.Column("Submitted by")
    reviewed_at = tables.DateTimeColumn(format="j M Y", verbose_name="Reviewed", default="Not yet")

    class Meta:
        model = ProgressReturn
        fields = ("quarter", "rag", "submitted_at", "due", "timeliness", "submitted_by", "reviewed_at")
        row_header = True
        empty_text = "No return has been submitted yet."

    def render_quarter(self, record: ProgressReturn) -> str:
        url = reverse("programme:return", args=[record.pilot.slug, record.pk])
        return format_html('<a class="govuk-link" href="{}">{}</a>', url, record.quarter.label)

    def value_quarter(self, record: ProgressReturn) -> str:
        return record.quarter.label

    def render_rag(self, record: ProgressReturn) -> str:
        return status_tag(record.rag, record.get_rag_display())

    def value_rag(self, record: ProgressReturn) -> str:
        return record.get_rag_display()

    def render_timeliness(self, record: ProgressReturn) -> str:
        return status_tag("late", "Late") if record.is_late else "On time"

    def value_timeliness(self, record: ProgressReturn) -> str:
        return "Late" if record.is_late else "On time"


class AllAsksTable(AskTable):
    pilot = tables.Column("Pilot", accessor="plan__pilot__name", order_by=("plan__pilot__name",))
    # Across pilots the page has one column more: the resolution is on each ask's page and in the CSV.
    resolution = tables.Column(default="", visible=False)

    class Meta(AskTable.Meta):
        fields = ("request", "pilot", "department", "status", "raised_on", "status_changed_on", "resolution")
        sequence = ("request", "pilot", "department", "status", "raised_on", "status_changed_on", "resolution")


class AllReturnsTable(ReturnTable):
    pilot = tables.Column("Pilot", accessor="pilot__name", order_by=("pilot__name",))

    class Meta(ReturnTable.Meta):
        sequence = ("quarter", "pilot", "rag", "submitted_at", "due", "timeliness", "submitted_by", "reviewed_at")
        empty_text = "No return matches these filters."
