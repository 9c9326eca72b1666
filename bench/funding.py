"""Funding figures for `make bench`: the claim preview and the draft claim of the largest council, then the claims
of every council (committed) and the pages central staff and councils review them on.

The preview and the draft must stay under 2 seconds with a query count that does not grow with the number of
families (the rules run on records loaded in bulk); they are measured first, before any council has claimed, when
they have the most to propose. The draft is prepared as the officer prepares it, through the claim page's form,
committed (PostgreSQL checks the lines' deferred foreign keys at the commit), and discarded after each run, untimed,
so each repetition measures the same work and the benchmark database is left as it was.

Then every council claims, through the same actions as the claim pages (`build_claims`): a claim for results to
the end of 2013/14, accepted and paid, and one for results to 31 December 2014, submitted in the open claim window
and in review, some with their spot-check sample drawn. The review queue, a claim's page with its lines and the homes
are measured on those claims.
"""

import time
from datetime import date, timedelta

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import F, Sum
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from bench.harness import settle
from councils.access import Refused
from councils.calendar import programme_today
from councils.models import Council, User
from funding import actions
from funding.models import Claim, ClaimLine, ClaimWindow
from funding.results import claimable_lines

AS_OF = date(2015, 3, 31)  # the end of the programme's last payment year: every result is in reach
TARGET_MS = 2000
LIST_MS = 50
PAID_ON = date(2014, 3, 31)  # the first claim of every council: accepted and paid
IN_REVIEW_ON = date(2014, 12, 31)  # the second: submitted in the open window, in review


def _council_staff(councils: list[Council]) -> dict[int, tuple[User, User]]:
    """An officer and an approver of each council, who prepare and submit its claims (apart from the measured users)."""
    password = make_password(None)  # unusable: these users only act through the actions
    wanted = []
    for council in councils:
        for role in (User.Role.OFFICER, User.Role.APPROVER):
            code = council.gss_code.lower()
            wanted.append(
                User(
                    username=f"claims.{role}.{code}",
                    email=f"{role}@{code}.invalid",
                    role=role,
                    council=council,
                    password=password,
                )
            )
    User.objects.bulk_create(wanted, ignore_conflicts=True)
    staff: dict[int, dict] = {}
    for user in User.objects.filter(username__startswith="claims."):
        staff.setdefault(user.council_id, {})[user.role] = user
    return {pk: (roles[User.Role.OFFICER], roles[User.Role.APPROVER]) for pk, roles in staff.items()}


def build_claims(bench) -> dict:
    """Every council's two claims (idempotent: nothing is done when claims exist). Returns counts."""
    if Claim.objects.exists():
        return {"claims": Claim.objects.count(), "lines": ClaimLine.objects.count()}
    central = bench.users["central"]
    second = User.objects.filter(username="bench.central2").first() or User.objects.create_user(
        "bench.central2", "central2@bench.invalid", "bench-password-0123", role=User.Role.CENTRAL
    )
    today = programme_today()
    ClaimWindow.objects.filter(opens_on__lte=today, closes_on__gte=today).delete()
    window = actions.open_window(central, today - timedelta(days=20), today + timedelta(days=10))
    councils = list(Council.objects.order_by("pk"))
    staff = _council_staff(councils)
    paid = []
    for council in councils:
        officer, approver = staff[council.pk]
        for results_on in (PAID_ON, IN_REVIEW_ON):
            try:
                claim = actions.prepare_claim(officer, results_on)
            except Refused:  # nothing to claim on that date
                continue
            actions.submit_claim(
                approver, claim, internal_audit="Head of audit", coordinator="TF coordinator", declared=True
            )
            if results_on == PAID_ON:
                paid.append(claim.pk)
            elif council.pk == bench.council.pk or council.pk % 8 == 0:  # a spot-check sample drawn in some
                actions.draw_sample(central, claim)
    # The first claims were reviewed, approved and paid: written in bulk (the review of each line is measured by
    # the claim pages, not rebuilt here line by line).
    now = timezone.now()
    with transaction.atomic():
        ClaimLine.objects.filter(claim_id__in=paid).update(
            status=ClaimLine.Status.ACCEPTED, decided_by=central, decided_at=now, paid_at=now
        )
        amounts = dict(
            ClaimLine.objects.filter(claim_id__in=paid)
            .values("claim_id")
            .annotate(total=Sum("amount"))
            .values_list("claim_id", "total")
        )
        for pk, total in amounts.items():
            Claim.objects.filter(pk=pk).update(
                status=Claim.Status.PAID,
                window=window,
                approved_by=second,
                approved_at=now,
                paid_by=central,
                paid_at=now,
                payment_reference=f"BENCH-{pk}",
                amount_paid=total,
            )
    settle()  # what a running service would know of its claims
    return {"claims": Claim.objects.count(), "lines": ClaimLine.objects.count(), "window": str(window)}


def measure(bench) -> None:
    # The claims and the pages on the programme's last day, with a claim window open (as users met them).
    with override_settings(PROGRAMME_DATE=AS_OF):
        _measure(bench)


def _measure(bench) -> None:
    council = bench.council
    officer = bench.users["officer"]
    central = bench.users["central"]

    lines = claimable_lines(council, AS_OF)
    bench.record(
        "funding: claimable lines for the largest council",
        families=council.families.count(),
        lines=len(lines),
        pounds=sum(decision.amount for _, decision in lines),
    )
    bench.timed(
        "funding: claim preview (largest council)", lambda: claimable_lines(council, AS_OF), target_ms=TARGET_MS
    )

    bench.posted(
        "funding: work out again what can be claimed (the officer's home, largest council)",
        reverse("claimable_refresh"),
        {},
        officer,
        after=lambda: None,
        target_ms=TARGET_MS,
    )

    def discard() -> None:
        for claim in Claim.objects.filter(council=council, status=Claim.Status.DRAFT):
            actions.discard_draft(officer, claim)

    bench.posted(
        "funding: draft claim (the officer's Prepare, largest council, committed)",
        reverse("funding:prepare"),
        {"results_on_day": AS_OF.day, "results_on_month": AS_OF.month, "results_on_year": AS_OF.year},
        officer,
        after=discard,
        target_ms=TARGET_MS,
    )
    bench.page(
        "funding: progress return page (the officer's, largest council)",
        reverse("funding:progress"),
        officer,
        repeat=5,
        target_ms=TARGET_MS,
    )

    started = time.perf_counter()
    built = build_claims(bench)
    bench.record("funding: every council's claims (built)", seconds=round(time.perf_counter() - started, 1), **built)

    bench.page("funding: claims list (officer)", "/claims/", officer, target_ms=LIST_MS)
    bench.page("funding: claims list (central)", "/claims/", central, target_ms=LIST_MS)
    bench.page("funding: review queue (central)", "/claims/?stage=review", central, target_ms=LIST_MS)
    bench.page("funding: spot checks to record (central)", "/claims/?stage=checks", central, target_ms=LIST_MS)
    claim = Claim.objects.filter(council=council, status=Claim.Status.SUBMITTED).first()
    if claim is not None:
        line_pages = max(1, claim.lines.count() // 25)
        bench.page(
            "funding: claim page with its lines (largest council, central)",
            claim.get_absolute_url(),
            central,
            target_ms=LIST_MS,
        )
        bench.page(
            f"funding: claim page, lines page {line_pages} (central)",
            f"{claim.get_absolute_url()}?page={line_pages}",
            central,
            target_ms=LIST_MS,
        )
        bench.page("funding: claim page with its lines (officer)", claim.get_absolute_url(), officer, target_ms=LIST_MS)
        line = claim.lines.order_by(F("family__reference").desc()).first()
        bench.page(
            "funding: a claim line with its evidence (central)",
            f"{claim.get_absolute_url()}lines/{line.pk}/",
            central,
            target_ms=LIST_MS,
        )
    bench.page(
        "funding: statement (central)",
        f"/claims/statements/?council={council.gss_code}",
        central,
        target_ms=TARGET_MS,
    )
