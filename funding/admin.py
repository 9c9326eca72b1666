from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from funding.models import Grant, PaymentSchedule


@admin.register(PaymentSchedule)
class PaymentScheduleAdmin(SimpleHistoryAdmin):
    list_display = [
        "financial_year",
        "starts_on",
        "ends_on",
        "attachment",
        "crime_asb_education",
        "continuous_employment",
        "progress_to_work",
        "cap",
    ]


@admin.register(Grant)
class GrantAdmin(SimpleHistoryAdmin):
    list_display = ["scheme", "recipient", "financial_year", "amount"]
    list_filter = ["scheme", "financial_year"]
