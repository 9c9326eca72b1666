from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from families.models import Family


@admin.register(Family)
class FamilyAdmin(SimpleHistoryAdmin):
    list_display = ["reference", "council", "identified_on", "attached_on", "closed_on"]
    list_filter = ["council__region", "council", "crime_asb", "education", "work"]
    list_select_related = ["council"]
    search_fields = ["reference", "council__name"]
    raw_id_fields = ["key_worker"]
    date_hierarchy = "identified_on"
