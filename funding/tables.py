import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html

from councils.formats import pounds
from funding.models import Claim, ClaimLine, PaymentType, SpotCheck
from funding.templatetags.claim_tags import claim_status_tag

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
    family = tables.Column(
        accessor="family_reference",
        verbose_name="Family",
        attrs={"td": {"class": "app-nowrap"}},
        order_by=("family_reference", "payment_type"),
    )
    # Each sort ends in the lines' own order, so the rows of a page do not change between one request and the next.
    payment_type = tables.Column(
        verbose_name="Payment",
        attrs={"td": {"class": "app-table__cell--name"}},
        order_by=("payment_type", "family_reference"),
    )
    amount = PoundsColumn("Amount", order_by=("amount", "family_reference", "payment_type"))
    financial_year = tables.Column(
        "Schedule", visible=False, order_by=("financial_year", "family_reference", "payment_type")
    )
    reason = tables.Column(orderable=False, attrs=TEXT)
    status = tables.Column(order_by=("status", "family_reference", "payment_type"))
    status_reason = tables.Column("Decision note", orderable=False, visible=False)
    action = tables.Column(accessor="pk", verbose_name="", orderable=False, exclude_from_export=True, empty_values=())

    class Meta:
        model = ClaimLine
        fields = ("family", "payment_type", "amount", "financial_year", "reason", "status", "status_reason")
        row_header = True
        empty_text = "This claim has no lines."

    # On the page the decision note sits under the status, so the reason has the room (the export keeps both).
    def render_family(self, record: ClaimLine, value: str) -> str:
        # The family's page: the owning council's, or the page without personal details for central staff.
        return format_html(
            '<a class="govuk-link" href="{}">{}</a>', reverse("families:detail", args=[record.family_id]), value
        )

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

    # The status and action cells are built here rather than by a template each: 25 template renders a page.
    def render_status(self, record: ClaimLine) -> str:
        tag = claim_status_tag(record.status, record.get_status_display())
        if not record.status_reason:
            return tag
        return format_html('{}<br><span class="govuk-body-s">{}</span>', tag, record.status_reason)

    def value_status(self, record: ClaimLine) -> str:
        return record.get_status_display()

    def render_action(self, record: ClaimLine) -> str:
        """The council removes a proposed line from its draft; central staff decide any line not removed."""
        user = self.request.user
        if (
            user.works_for_council
            and record.claim.status == Claim.Status.DRAFT
            and record.status == ClaimLine.Status.PROPOSED
        ):
            verb = "Remove"
        elif user.reviews_claims and record.status != ClaimLine.Status.REMOVED:
            verb = "Decide"
        else:
            return ""
        return format_html(
            '<a class="govuk-link" href="{}">{}<span class="govuk-visually-hidden"> {} {}</span></a>',
            reverse("funding:line", args=[record.claim_id, record.pk]),
            verb,
            record.family_reference,
            record.get_payment_type_display(),
        )


def spot_check_rows(claim: Claim, *, may_record: bool) -> list[dict]:
    """The claim's spot checks as the claim's page lists them, in its lines' order: family reference, payment,
    outcome tag, notes and, to whoever may record it, the link to record a check not yet recorded.

    Plain values from one query, each tag and link made here: a claim of 2,000 lines has about a hundred checks, and
    their models and template lookups cost more than all its other rows."""
    rows = claim.spot_checks.order_by("line__family__reference", "line__payment_type").values_list(
        "pk", "line__family__reference", "line__payment_type", "outcome", "notes"
    )
    payments = dict(PaymentType.choices)
    outcomes = dict(SpotCheck.Outcome.choices)
    return [
        {
            "reference": reference,
            "payment": payments.get(payment_type, payment_type),
            "outcome": claim_status_tag(outcome, outcomes.get(outcome, outcome)),
            "notes": notes,
            "record_url": reverse("funding:check", args=[claim.pk, pk])
            if may_record and outcome == SpotCheck.Outcome.PENDING
            else "",
        }
        for pk, reference, payment_type, outcome, notes in rows
    ]


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
