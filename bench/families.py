"""Families at national scale: the list and family pages against the admin changelist (the import: bench/imports.py)."""

from councils.models import Council
from families.models import Family

PAGE_MS = 50


def measure(bench) -> None:
    council, officer, central, admin = (
        bench.council,
        bench.users["officer"],
        bench.users["central"],
        bench.users["admin"],
    )
    mine = Family.objects.filter(council=council)
    pages = mine.with_status("attached").count() // 25
    deep = max(1, pages - 5)
    query = "status=attached&sort=-attached_on"
    bench.record("largest council's families", families=mine.count(), attached_pages=pages)

    bench.page("family list, page 1 (officer, filtered, sorted)", f"/families/?{query}", officer, target_ms=PAGE_MS)
    bench.page(f"family list, page {deep} (officer)", f"/families/?{query}&page={deep}", officer, target_ms=PAGE_MS)
    bench.page("family list, search by reference (officer)", "/families/?reference=00417", officer, target_ms=PAGE_MS)
    bench.page("family list, page 1 (central, all councils)", "/families/?sort=reference", central, target_ms=PAGE_MS)
    small = Council.objects.get(gss_code="E06000001")  # Hartlepool, 290 families
    users = type(officer).objects
    small_officer = users.filter(username="bench.hartlepool").first() or users.create_user(
        "bench.hartlepool", "h@bench.invalid", "bench-password-0123", role="officer", council=small
    )  # kept from an earlier run when the scratch database is reused
    bench.page("family list, page 1 (officer of Hartlepool)", f"/families/?{query}", small_officer, target_ms=PAGE_MS)

    family = mine.order_by("-pk").filter(attached_on__isnull=False).first()
    bench.page("family page (officer)", family.get_absolute_url(), officer, target_ms=PAGE_MS)
    bench.page("family page (central)", family.get_absolute_url(), central, target_ms=PAGE_MS)

    admin_query = f"council__id__exact={council.pk}"
    bench.page("admin changelist, page 1 (same council)", f"/admin/families/family/?{admin_query}", admin)
    bench.page(
        f"admin changelist, page {deep // 4} (100 a page)",
        f"/admin/families/family/?{admin_query}&p={deep // 4}",
        admin,
    )
    bench.page("admin changelist, page 1 (all councils)", "/admin/families/family/", admin)
