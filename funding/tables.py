import django_tables2 as tables

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
    family = tables.Column(accessor="family__reference", verbose_name="Family", attrs={"td": {"class": "app-nowrap"}})
    payment_type = tables.Column(verbose_name="Payment", attrs={"td": {"class": "app-table__cell--name"}})
    amount = PoundsColumn("Amount")
    financial_year = tables.Column("Schedule")
    reason = tables.Column(orderable=False, attrs=TEXT)
    status = tables.Column()
    status_reason = tables.Column("Decision note", orderable=False)
    action = tables.TemplateColumn(
        template_name="funding/_line_action.html", verbose_name="", orderable=False, exclude_from_export=True
    )

    class Meta:
        model = ClaimLine
        fields = ("family", "payment_type", "amount", "financial_year", "reason", "status", "status_reason")
        row_header = True
        empty_text = "This claim has no lines."
