import django_tables2 as tables
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from councils.formats import pounds
from funding.models import Claim, ClaimLine

NUMERIC = {"td": {"class": "govuk-table__cell--numeric"}}
DATE = {"td": {"class": "app-table__cell--date"}}
TEXT = {"td": {"class": "app-table__cell--text"}}


class PoundsColumn(tables.Column):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", NUMERIC)
        super().__init__(*args, **kwargs)

    def render(self, value):
        return pounds(value)

    def value(self, value):
        return int(value or 0)


class ClaimTable(tables.Table):
    label = "Claims"  # names the table's scrolling region (includes/table.html)
    id = tables.LinkColumn("funding:claim", args=[tables.A("pk")], verbose_name="Claim", text=lambda c: f"#{c.pk}")
    council = tables.Column(accessor="council__name", verbose_name="Council")
    results_on = tables.DateColumn(format="j M Y", verbose_name="Results as of", attrs=DATE)
    status = tables.Column()
    line_count = tables.Column("Lines", attrs=NUMERIC)
    total = PoundsColumn("Claimed")
    submitted_at = tables.DateColumn(format="j M Y", verbose_name="Submitted", default="Not yet", attrs=DATE)
    paid_at = tables.DateColumn(format="j M Y", verbose_name="Paid", default="Not yet", attrs=DATE)

    class Meta:
        model = Claim
        fields = ("id", "council", "results_on", "status", "line_count", "total", "submitted_at", "paid_at")
        row_header = True
        empty_text = "No claims yet."


class ClaimLineTable(tables.Table):
    label = "Lines of the claim"
    cards_on_phone = True  # includes/table.html: on a phone each line is a card, not a row of a wide table
    family = tables.Column(accessor="family__reference", verbose_name="Family", attrs={"td": {"class": "app-nowrap"}})
    payment_type = tables.Column(verbose_name="Payment", attrs={"td": {"class": "app-table__cell--name"}})
    amount = PoundsColumn("Amount")
    financial_year = tables.Column("Schedule", visible=False)
    reason = tables.Column(orderable=False, attrs=TEXT)
    status = tables.Column()
    status_reason = tables.Column("Decision note", orderable=False, visible=False)
    action = tables.TemplateColumn(
        template_name="funding/_line_action.html", verbose_name="", orderable=False, exclude_from_export=True
    )

    class Meta:
        model = ClaimLine
        fields = ("family", "payment_type", "amount", "financial_year", "reason", "status", "status_reason")
        row_header = True
        empty_text = "This claim has no lines."

    # On the page the decision note sits under the status, so the reason has the room (the export keeps both).
    def render_family(self, record: ClaimLine, value: str) -> str:
        # The family's page: the owning council's, or the page without personal details for central staff.
        return format_html('<a class="govuk-link" href="{}">{}</a>', record.family.get_absolute_url(), value)

    def value_family(self, value: str) -> str:
        return value

    def render_amount(self, record: ClaimLine) -> str:
        return format_html('{}<br><span class="govuk-body-s">{}</span>', pounds(record.amount), record.financial_year)

    def value_amount(self, record: ClaimLine) -> int:
        return record.amount

    def render_reason(self, value: str) -> str:
        return format_html('<span class="govuk-body-s">{}</span>', value)

    def value_reason(self, value: str) -> str:
        return value

    def render_status(self, record: ClaimLine) -> str:
        tag = render_to_string(
            "funding/_status_tag.html", {"status": record.status, "label": record.get_status_display()}
        )
        if not record.status_reason:
            return mark_safe(tag)  # noqa: S308 (rendered by the template, escaped there)
        return format_html('{}<br><span class="govuk-body-s">{}</span>', mark_safe(tag), record.status_reason)  # noqa: S308

    def value_status(self, record: ClaimLine) -> str:
        return record.get_status_display()


class ClaimableTable(tables.Table):
    """Families with results the council can claim now (rows are dicts: family, payments, amount)."""

    family = tables.Column("Family", accessor="family__reference")
    payments = tables.Column("Payments", orderable=False)
    amount = PoundsColumn("Value")

    class Meta:
        row_header = True
        empty_text = "Nothing is claimable now."

    def render_family(self, record) -> str:
        family = record["family"]
        return format_html('<a class="govuk-link" href="{}">{}</a>', family.get_absolute_url(), family.reference)

    def value_family(self, record) -> str:
        return record["family"].reference

    def render_payments(self, value) -> str:
        return ", ".join(value)

    def value_payments(self, value) -> str:
        return ", ".join(value)
