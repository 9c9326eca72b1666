import django_tables2 as tables

from programme.models import Pilot


class PilotTable(tables.Table):
    name = tables.LinkColumn("programme:pilot", args=[tables.A("slug")])
    member_count = tables.Column("Councils", attrs={"td": {"class": "govuk-table__cell--numeric"}})
    lead = tables.Column("Lead council", accessor="lead_council", orderable=False)
    announced_on = tables.DateColumn(format="j M Y", verbose_name="Announced")
    started_on = tables.DateColumn(format="j M Y", verbose_name="Started", default="Not started")

    class Meta:
        model = Pilot
        fields = ("name", "phase", "strand", "lead", "member_count", "announced_on", "started_on", "status")
        row_header = True
        empty_text = "No pilot matches these filters."
