from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from councils import twofactor
from councils.models import Council, User


@admin.register(Council)
class CouncilAdmin(SimpleHistoryAdmin):
    list_display = ["name", "gss_code", "kind", "region", "troubled_families_estimate", "require_two_factor"]
    list_filter = ["kind", "region", "require_two_factor"]
    search_fields = ["name", "gss_code", "official_name", "former_gss_codes"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin, SimpleHistoryAdmin):
    list_display = ["username", "email", "first_name", "last_name", "role", "council", "is_active"]
    list_filter = ["role", "is_active", "council__region", "council"]
    list_select_related = ["council"]
    search_fields = ["username", "email", "first_name", "last_name", "council__name"]
    autocomplete_fields = ["council"]
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        ("Role in the programme", {"fields": ("role", "council")}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        ("Role in the programme", {"fields": ("email", "role", "council")}),
    )

    actions = ["reset_two_factor"]

    @admin.action(description="Reset two-factor sign-in (they set it up again at their next sign-in)")
    def reset_two_factor(self, request, queryset) -> None:
        for user in queryset:
            twofactor.turn_off(user)
        self.message_user(request, f"Two-factor sign-in reset for {queryset.count()} account(s).")

    def has_delete_permission(self, request, obj=None) -> bool:
        # Users are deactivated, never deleted, so the history keeps their names.
        return False
