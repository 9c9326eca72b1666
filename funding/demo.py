"""Demo claims for `seed_demo`: a claim window, and claims of Birmingham (E08000025) in several states.

Runs after councils.demo (the demo users) and families.demo (Birmingham's families). Everything goes through
funding.actions, as it would for real users. Idempotent: when Birmingham already has claims it adds nothing;
without families or demo users it only says so.
"""

from datetime import date, timedelta

from django.utils import timezone

from councils.models import Council, User
from funding import actions
from funding.actions import ClaimError
from funding.models import Claim, ClaimLine, ClaimWindow, SpotCheck

COUNCIL = "E08000025"
SAMPLE_SEED = 20130401  # recorded on the claim: anyone can draw the same sample again


def seed(stdout) -> None:
    central = User.objects.filter(username="central", role=User.Role.CENTRAL).first()
    officer = User.objects.filter(username="officer", role=User.Role.OFFICER, council__gss_code=COUNCIL).first()
    approver = User.objects.filter(username="approver", role=User.Role.APPROVER, council__gss_code=COUNCIL).first()
    council = Council.objects.filter(gss_code=COUNCIL).first()
    if not (central and officer and approver and council):
        stdout.write("Funding demo: the demo users or Birmingham are missing; no claims added.")
        return
    today = timezone.localdate()
    if not ClaimWindow.objects.open_on(today).exists():
        try:
            actions.open_window(central, today - timedelta(days=7), today + timedelta(days=30))
        except ClaimError as error:
            stdout.write(f"Funding demo: no claim window opened ({error})")
    if not council.families.exists():
        stdout.write("Funding demo: Birmingham has no families yet; only the claim window was added.")
        return
    if Claim.objects.filter(council=council).exists():
        stdout.write("Funding demo: Birmingham already has claims; nothing added.")
        return
    made = []
    for results_on, stage in (
        (date(2013, 3, 31), "paid"),
        (date(2013, 9, 30), "submitted"),
        (date(2014, 3, 31), "draft"),
    ):
        try:
            claim = actions.prepare_claim(officer, results_on)
        except ClaimError as error:
            stdout.write(f"Funding demo: no claim for {results_on} ({error})")
            continue
        if stage != "draft":
            actions.submit_claim(
                approver,
                claim,
                internal_audit="Helen Marsh",
                coordinator="Daniel Osei",
                declared=True,
            )
        if stage == "paid":
            _review_and_pay(central, claim)
        made.append(f"#{claim.pk} ({stage}, results as of {results_on})")
    stdout.write("Funding demo: Birmingham claims " + (", ".join(made) or "none: nothing claimable"))


def _review_and_pay(central: User, claim: Claim) -> None:
    for check in actions.draw_sample(central, claim, seed=SAMPLE_SEED):
        actions.record_check(central, check, passed=True, notes="Evidence seen on the council's case file")
    # One line rejected, to show a rejection with its reason on the claim and the statement.
    line = claim.lines.filter(status=ClaimLine.Status.PROPOSED).exclude(spot_check__outcome=SpotCheck.Outcome.PASSED)
    line = line.first()
    if line is not None:
        actions.decide_line(central, line, accept=False, reason="Attachment date not supported by the case notes")
    actions.accept_remaining_lines(central, claim)
    actions.pay_claim(central, actions.approve_claim(central, claim), reference="TF-2013-04-DEMO")
