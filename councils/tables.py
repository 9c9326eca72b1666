import django_tables2 as tables

from councils.models import Council


class CouncilTable(tables.Table):
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
