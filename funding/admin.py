from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from funding.models import (
    BudgetContribution,
    Claim,
    ClaimLine,
    ClaimWindow,
    Grant,
    GrantPayment,
    PaymentSchedule,
    ProgrammeBudget,
    Recovery,
    SpotCheck,
)


@admin.register(PaymentSchedule)
class PaymentScheduleAdmin(SimpleHistoryAdmin):
    """Schedules are edited here until a claim past draft uses one; from then on it is read-only (the model
    refuses the change too, and the database refuses any payment above the cap)."""

    list_display = [
        "financial_year",
        "starts_on",
        "ends_on",
        "attachment",
        "crime_asb_education",
        "continuous_employment",
        "progress_to_work",
        "cap",
        "used_by_claims",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_is_used()

    @admin.display(boolean=True, description="used by submitted claims")
    def used_by_claims(self, obj: PaymentSchedule) -> bool:
        return obj.is_used_by_claims

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.is_used():
            return [field.name for field in obj._meta.concrete_fields if not field.primary_key]
        return super().get_readonly_fields(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return super().has_delete_permission(request, obj) and not (obj is not None and obj.is_used())


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


@admin.register(GrantPayment)
class GrantPaymentAdmin(SimpleHistoryAdmin):
    list_display = ["grant", "recipient_name", "paid_on", "amount"]
    list_filter = ["grant__scheme"]
    autocomplete_fields = ["council"]


class ReadOnlyAdmin(SimpleHistoryAdmin):
    """Claim lines, spot checks and recoveries change only through funding.actions (each step recorded)."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ClaimLine)
class ClaimLineAdmin(ReadOnlyAdmin):
    list_display = ["claim", "family", "payment_type", "amount", "status"]
    list_filter = ["status", "payment_type"]
    list_select_related = ["claim__council", "family"]


@admin.register(SpotCheck)
class SpotCheckAdmin(ReadOnlyAdmin):
    list_display = ["claim", "line", "outcome", "checked_at"]
    list_select_related = ["claim__council", "line__family"]


@admin.register(Recovery)
class RecoveryAdmin(ReadOnlyAdmin):
    list_display = ["council", "line", "amount", "recovered_in"]
    list_select_related = ["council", "line__family", "recovered_in__council"]
