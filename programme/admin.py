from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from programme.models import Locality, Membership, Pilot, PoolingArea


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
