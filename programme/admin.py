from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from programme.models import Ask, Locality, Membership, Pilot, Plan, PoolingArea, ProgressReturn, ReportingQuarter


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["council"]


class LocalityInline(admin.TabularInline):
    model = Locality
    extra = 0


@admin.register(Pilot)
class PilotAdmin(SimpleHistoryAdmin):
    list_display = ["name", "phase", "strand", "status", "announced_on", "started_on", "whitehall_champion"]
    list_filter = ["phase", "strand", "status"]
    search_fields = ["name", "slug", "whitehall_champion", "memberships__council__name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline, LocalityInline]


@admin.register(PoolingArea)
class PoolingAreaAdmin(SimpleHistoryAdmin):
    list_display = ["name", "council", "note"]
    search_fields = ["name", "council__name"]
    autocomplete_fields = ["council"]


@admin.register(ReportingQuarter)
class ReportingQuarterAdmin(SimpleHistoryAdmin):
    list_display = ["label", "starts_on", "ends_on", "due_on"]


@admin.register(Plan)
class PlanAdmin(SimpleHistoryAdmin):
    list_display = ["pilot", "updated_at", "updated_by"]
    search_fields = ["pilot__name"]
    readonly_fields = ["updated_at", "updated_by"]


@admin.register(Ask)
class AskAdmin(SimpleHistoryAdmin):
    list_display = ["plan", "department", "status", "raised_on", "resolved_on"]
    list_filter = ["department", "status"]


@admin.register(ProgressReturn)
class ProgressReturnAdmin(SimpleHistoryAdmin):
    list_display = ["pilot", "quarter", "rag", "submitted_at", "reviewed_at"]
    list_filter = ["rag", "quarter"]
