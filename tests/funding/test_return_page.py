"""The page that returns a claim to its council: what happens in pounds, the reason asked for, the claim page's
button for central staff and the reason shown to the council; 404 for everyone but central staff."""

import datetime as dt

import pytest

from funding import actions
from funding.models import Claim

D = dt.date
REASON = "The internal audit sign-off is not on file"


def url(claim) -> str:
    return f"/claims/{claim.pk}/return/"


def test_the_page_says_what_happens_in_pounds(client, submitted, carol):
    line = submitted.lines.get(family__reference="TF-000", payment_type="attachment")
    actions.decide_line(carol, line, accept=True)
    client.force_login(carol)
    page = client.get(url(submitted)).content.decode()
    assert "Return the claim to the council" in page
    assert "Lines accepted, to be decided again" in page and "1 (£3,200)" in page
    assert "Lines not decided yet" in page and "5 (£6,700)" in page
    assert "Back with the council in draft" in page and "6 lines, £9,900" in page
    assert "Why is the claim returned to the council?" in page
    assert Claim.objects.get(pk=submitted.pk).status == Claim.Status.SUBMITTED  # a GET changes nothing


def test_a_reason_is_asked_for(client, submitted, carol):
    client.force_login(carol)
    page = client.post(url(submitted), {"reason": "  "}).content.decode()
    assert "govuk-error-summary" in page and "Enter the reason the claim is returned" in page
    assert Claim.objects.get(pk=submitted.pk).status == Claim.Status.SUBMITTED


def test_central_staff_return_the_claim_from_its_page(client, submitted, carol, amir, alice):
    client.force_login(carol)
    claim_page = client.get(f"/claims/{submitted.pk}/").content.decode()
    assert f'href="/claims/{submitted.pk}/return/"' in claim_page and "Return to the council" in claim_page
    response = client.post(url(submitted), {"reason": REASON}, follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == f"/claims/{submitted.pk}/"
    assert (
        f"Claim #{submitted.pk} returned to Birmingham: 6 lines, £9,900, back in draft for the council to correct "
        "and submit again" in page
    )
    assert "Return to the council" not in page  # a draft is not in review
    claim = Claim.objects.get(pk=submitted.pk)
    assert (claim.status, claim.return_reason, claim.returned_by) == (Claim.Status.DRAFT, REASON, carol)
    # The council sees why, and may correct and submit it again (but not discard it).
    for who in (amir, alice):
        client.force_login(who)
        page = client.get(f"/claims/{submitted.pk}/").content.decode()
        assert 'id="claim-returned"' in page and REASON in page
        assert "Discard the draft" not in page
    client.force_login(amir)
    assert "Check and submit" in client.get(f"/claims/{submitted.pk}/").content.decode()


def test_a_claim_not_in_review_cannot_be_returned(client, submitted, carol):
    actions.return_claim(carol, submitted, reason=REASON)
    client.force_login(carol)
    page = client.get(url(submitted)).content.decode()
    assert "Only a claim in review can be returned to the council." in page
    assert "Why is the claim returned" not in page
    page = client.post(url(submitted), {"reason": "Again"}).content.decode()
    assert "Only a claim in review (submitted and not yet approved) can be returned" in page
    assert Claim.objects.get(pk=submitted.pk).return_reason == REASON


@pytest.mark.parametrize("who", ["alice", "amir", "bob", "dan"])
def test_everyone_but_central_staff_gets_404(client, submitted, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.get(url(submitted)).status_code == 404
    assert client.post(url(submitted), {"reason": REASON}).status_code == 404
    assert Claim.objects.get(pk=submitted.pk).status == Claim.Status.SUBMITTED
    assert "Return to the council" not in client.get(f"/claims/{submitted.pk}/").content.decode()


def test_anonymous_users_are_sent_to_sign_in(client, submitted):
    response = client.get(url(submitted))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
