"""The load run's own honesty: it starts every user's clock together and cannot pass having measured nothing."""

import datetime as dt
import itertools
import json
import threading
import time

import pytest
from django.utils import timezone

from bench.load import over_cap, run_problems, start_line, surge_problems, twice_claimed
from bench.load.browser import form_with, links
from bench.load.build import surge_schedule
from bench.load.checks import surge_figures
from bench.load.users import decision_saved, has_confirmation
from funding.models import Claim, PaymentSchedule, PaymentType
from tests.factories.families import FamilyFactory
from tests.factories.funding import ClaimFactory, ClaimLineFactory, ClaimWindowFactory


def _results(**overrides) -> dict:
    results = {"users": 10, "sign_ins": 10, "seconds": 60.0, "think": [1.0, 5.0], "requests": []}
    results.update(overrides)
    return results


def test_the_start_time_is_set_before_any_user_is_released():
    ready, start_at = start_line(4)
    seen = []

    def user():
        ready.wait(timeout=10)
        seen.append(start_at[0])

    threads = [threading.Thread(target=user) for _ in range(3)]
    for thread in threads:
        thread.start()
    time.sleep(0.05)
    before = time.monotonic()
    ready.wait(timeout=10)
    for thread in threads:
        thread.join()
    assert len(seen) == 3
    assert all(value >= before for value in seen)


def test_a_run_with_no_requests_fails():
    assert run_problems(_results()) == ["0 requests made, fewer than the 60 its users imply"]


def test_a_run_whose_users_made_their_share_passes():
    requests = [["family list", 20.0, None]] * 60
    assert run_problems(_results(requests=requests)) == []


def test_a_failed_sign_in_fails_the_run():
    requests = [["family list", 20.0, None]] * 200
    assert run_problems(_results(sign_ins=9, requests=requests)) == ["only 9 of 10 users signed in"]


def test_sign_in_errors_are_not_counted_as_requests_made():
    requests = [["sign-in", 0.0, "could not sign in"]] * 100
    assert run_problems(_results(requests=requests))[0].startswith("0 requests made")


# --- the surge ----------------------------------------------------------------------------------------------------


def _surge(**overrides) -> tuple[dict, dict]:
    """A surge whose every check passes: three drafts submitted and in the queue, nothing twice, none over cap."""
    results = _results(submitted=[11, 12, 13], approvers=3, approver_sign_ins=3)
    db = {"drafts": [11, 12, 13], "submitted": [11, 12, 13], "queue": [11, 12, 13], "twice": [], "over_cap": [],
          "tasks": {"SUCCESSFUL": 4}}  # fmt: skip
    db.update(overrides)
    return results, db


def test_a_payment_type_claimed_twice_for_a_family_is_found():
    lines = [(1, "attachment"), (1, "crime_asb_education"), (2, "attachment"), (1, "attachment"), (3, "attachment")]
    assert twice_claimed(lines) == [(1, "attachment")]
    assert twice_claimed([(1, "attachment"), (2, "attachment")]) == []


def test_a_family_over_its_cap_or_with_no_schedule_is_found():
    families = [(1, 4000, 4000), (2, 4100, 4000), (3, 100, None), (4, 0, 4000)]
    assert over_cap(families) == [2, 3]


def test_a_surge_that_did_everything_passes():
    assert surge_problems(*_surge()) == []


def test_a_claim_not_submitted_fails_the_surge():
    results, db = _surge(submitted=[11, 12], queue=[11, 12])
    results["submitted"] = [11, 12]
    assert surge_problems(results, db) == [
        "2 claims submitted through the pages and 2 submitted in the database, of 3 councils' drafts"
    ]


def test_a_submission_the_driver_saw_but_the_database_lacks_fails_the_surge():
    problems = surge_problems(*_surge(submitted=[11, 12], queue=[11, 12]))
    assert problems == ["3 claims submitted through the pages and 2 submitted in the database, of 3 councils' drafts"]


def test_the_money_checks_and_the_queue_fail_the_surge():
    results, db = _surge(twice=[(7, "attachment")], over_cap=[7, 8], queue=[11, 13], tasks={"FAILED": 2})
    assert surge_problems(results, db) == [
        "1 payments claimed twice for a family, first [(7, 'attachment')]",
        "2 families' payments over the cap, first [7, 8]",
        "1 submitted claims not in the central review queue, first [12]",
        "2 background tasks failed",
    ]


def test_approvers_who_did_not_sign_in_fail_the_run_and_their_requests_do_not_count_as_steady_work():
    requests = [["approver: confirm", 20.0, None]] * 500
    problems = run_problems(_results(requests=requests, approvers=152, approver_sign_ins=150))
    assert problems == [
        "only 150 of 152 approvers signed in",
        "0 requests made, fewer than the 60 its users imply",
    ]


def test_the_approvers_are_spread_over_the_span_each_council_once():
    drafts = {f"E0{n:07d}": 100 + n for n in range(152)}
    schedule = surge_schedule(drafts, 150.0)
    moments = sorted(u["at"] for u in schedule)
    assert len(schedule) == 152 and sorted(u["claim"] for u in schedule) == sorted(drafts.values())
    assert 0 < moments[0] < 1 and 149 < moments[-1] < 150
    assert max(b - a for a, b in itertools.pairwise(moments)) < 1.0  # even: none bunched, none missed
    assert [u["claim"] for u in schedule] != sorted(drafts.values())  # large and small councils mixed


CONFIRM_PAGE = """<form method="post" novalidate><input type="hidden" name="csrfmiddlewaretoken" value="t">
  <input type="hidden" name="internal_audit" value="A"><input type="hidden" name="declared" value="on">
  <input type="hidden" name="confirm" value="1"><button type="submit">Confirm and submit the claim</button></form>
  <a href="/claims/12/">back</a> <a href="/claims/12/lines/5/">line</a> <a href="/claims/?page=2">next</a>"""


def test_the_check_your_answers_page_is_read_as_a_browser_would_post_it():
    assert form_with(CONFIRM_PAGE, "confirm") == {
        "csrfmiddlewaretoken": "t", "internal_audit": "A", "declared": "on", "confirm": "1"
    }  # fmt: skip
    assert has_confirmation(200, CONFIRM_PAGE) is None
    refused = '<div class="govuk-error-summary">You prepared this claim</div><p>Go back</p>'
    assert has_confirmation(200, refused).startswith("no confirmation form")
    assert links(CONFIRM_PAGE, r"/claims/\d+/") == ["/claims/12/"]
    assert links(CONFIRM_PAGE, r"/claims/\d+/lines/\d+/") == ["/claims/12/lines/5/"]


def test_a_line_decision_refused_because_another_reviewer_was_first_is_not_an_error():
    assert decision_saved(302, "") is None
    assert decision_saved(200, '<div class="govuk-error-summary">This line has already been decided.</div>') is None
    assert decision_saved(200, "<form>the same form again</form>") == "line decision not saved (200)"


@pytest.fixture
def surge_claims(seeded, council, alice, amir, carol, settings, tmp_path):
    """Three claims of a council in an open window on 15 April 2013: two submitted (one of them in a window that
    has not opened, so not in the queue), one still a draft; one family's payments past the cap (the database
    refuses lines past a cap, so the cap of its schedule is lowered under them afterwards)."""
    settings.PROGRAMME_DATE = dt.date(2013, 4, 15)
    window = ClaimWindowFactory(opened_by=carol)
    later = ClaimWindowFactory(opens_on=dt.date(2013, 6, 1), closes_on=dt.date(2013, 6, 30), opened_by=carol)
    submitted = {"status": Claim.Status.SUBMITTED, "submitted_by": amir, "submitted_at": timezone.now()}
    in_queue = ClaimFactory(council=council, prepared_by=alice, window=window, **submitted)
    waiting = ClaimFactory(council=council, prepared_by=alice, window=later, **submitted)
    draft = ClaimFactory(council=council, prepared_by=alice)
    family = FamilyFactory(council=council, attached_on=dt.date(2012, 6, 1))
    ClaimLineFactory(claim=in_queue, family=family, payment_type=PaymentType.ATTACHMENT, amount=3200)
    ClaimLineFactory(claim=waiting, family=family, payment_type=PaymentType.CRIME_ASB_EDUCATION, amount=700)
    ClaimLineFactory(claim=draft)
    PaymentSchedule.objects.filter(financial_year="2012/13").update(cap=3500)
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps({"drafts": {"a": in_queue.pk, "b": waiting.pk, "c": draft.pk}, "span": 150}))
    return plan, in_queue, waiting, draft, family


def test_the_database_checks_find_what_the_surge_left_wrong(surge_claims, capsys):
    plan, in_queue, waiting, draft, family = surge_claims
    surge_figures(str(plan))
    db = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert sorted(db["submitted"]) == sorted([in_queue.pk, waiting.pk])
    assert db["queue"] == [in_queue.pk]  # the page's own queryset: a claim whose window has not opened waits
    assert db["over_cap"] == [family.pk] and db["twice"] == []
    results = _results(submitted=[in_queue.pk, waiting.pk, draft.pk], approvers=3, approver_sign_ins=3)
    assert surge_problems(results, db) == [
        "3 claims submitted through the pages and 2 submitted in the database, of 3 councils' drafts",
        f"1 families' payments over the cap, first [{family.pk}]",
        f"1 submitted claims not in the central review queue, first [{waiting.pk}]",
    ]
