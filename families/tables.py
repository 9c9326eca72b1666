import django_tables2 as tables
from django.db.models import F
from django.utils.html import format_html

from families.models import Family

STATUS_TAG = {
    Family.Status.IDENTIFIED: "govuk-tag--grey",
    Family.Status.ATTACHED: "govuk-tag--blue",
    Family.Status.CLOSED: "govuk-tag--green",
}


def short_date(value) -> str:
    return f"{value.day} {value:%b %Y}"


NUMERIC = {"td": {"class": "govuk-table__cell--numeric"}}
DATE = {"td": {"class": "app-table__cell--date"}}


# Every sort ends with the family's reference and council, unique together: rows tied on the sorted column keep
# one order, so paging through a sorted list shows each family once (an officer's council is fixed by the filter,
# so PostgreSQL reads the list's index in order all the same).
TIE_BREAK = ("reference", "council_id")


class FamilyTable(tables.Table):
    label = "Families"  # names the table's scrolling region (includes/table.html)
    tie_break = ()  # each column's sort ends with TIE_BREAK already (councils.lists.configure)
    reference = tables.LinkColumn(
        "families:detail", args=[tables.A("pk")], verbose_name="Reference", order_by=TIE_BREAK
    )
    council = tables.Column(accessor="council__name", verbose_name="Council", order_by=("council__name", *TIE_BREAK))
    status = tables.Column(empty_values=(), orderable=False)
    criteria_count = tables.Column("Criteria met", attrs=NUMERIC, order_by=("criteria_count", *TIE_BREAK))
    key_worker = tables.Column(
        "Key worker",
        order_by=("key_worker__last_name", "key_worker__first_name", *TIE_BREAK),
        default="None yet",
    )
    identified_on = tables.Column("Identified", attrs=DATE, order_by=("identified_on", *TIE_BREAK))
    attached_on = tables.Column("Attached", default="Not yet", attrs=DATE)
    closed_on = tables.Column("Closed", default="", attrs=DATE)

    class Meta:
        model = Family
        fields = (
            "reference",
            "council",
            "status",
            "criteria_count",
            "key_worker",
            "identified_on",
            "attached_on",
            "closed_on",
        )
        row_header = True
        empty_text = "No family matches these filters."

    def order_attached_on(self, queryset, is_descending: bool):
        return self._nulls_last(queryset, "attached_on", is_descending), True

    def order_closed_on(self, queryset, is_descending: bool):
        return self._nulls_last(queryset, "closed_on", is_descending), True

    @staticmethod
    def _nulls_last(queryset, name: str, is_descending: bool):
        """Families not yet attached (or closed) come last whichever way the column is sorted."""
        order = F(name).desc(nulls_last=True) if is_descending else F(name).asc(nulls_last=True)
        return queryset.order_by(order, *TIE_BREAK)

    # Dates as "1 Jun 2012", formatted in Python: a DateColumn compiles a template for every cell.
    def render_identified_on(self, value) -> str:
        return short_date(value)

    def render_attached_on(self, value) -> str:
        return short_date(value)

    def render_closed_on(self, value) -> str:
        return short_date(value)

    def value_identified_on(self, value) -> str:
        return value.isoformat()

    def value_attached_on(self, value) -> str:
        return value.isoformat() if value else ""

    def value_closed_on(self, value) -> str:
        return value.isoformat() if value else ""

    def render_status(self, record: Family) -> str:
        return format_html(
            '<strong class="govuk-tag {}">{}</strong>', STATUS_TAG[record.status], record.get_status_display()
        )

    def value_status(self, record: Family) -> str:
        return record.get_status_display()

    def render_criteria_count(self, value: int) -> str:
        if not Family.troubled_by(value):
            return format_html('{} <span class="govuk-visually-hidden">(fewer than three)</span>&#9888;', value)
        return str(value)

    def value_criteria_count(self, value: int) -> int:
        return value
