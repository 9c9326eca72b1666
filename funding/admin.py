from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from funding.models import BudgetContribution, Claim, ClaimWindow, Grant, PaymentSchedule, ProgrammeBudget


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


@admin.register(BudgetContribution)
class BudgetContributionAdmin(SimpleHistoryAdmin):
    list_display = ["department", "financial_year", "amount", "source"]
    list_filter = ["financial_year"]


@admin.register(ProgrammeBudget)
class ProgrammeBudgetAdmin(SimpleHistoryAdmin):
    list_display = ["name", "total", "first_year", "last_year"]


@admin.register(ClaimWindow)
class ClaimWindowAdmin(SimpleHistoryAdmin):
    list_display = ["opens_on", "closes_on", "opened_by", "closed_at"]


@admin.register(Claim)
class ClaimAdmin(SimpleHistoryAdmin):
    # Claims change only through funding.actions (each transition recorded): admin reads them.
    list_display = ["council", "results_on", "status", "submitted_at", "paid_at"]
    list_filter = ["status"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_add_permission(self, request) -> bool:
        return False
