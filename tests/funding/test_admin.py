import pytest

from tests.factories.funding import ClaimLineFactory


@pytest.mark.parametrize(
    "model",
    [
        "claim",
        "claimline",
        "claimwindow",
        "spotcheck",
        "recovery",
        "grant",
        "grantpayment",
        "budgetcontribution",
        "programmebudget",
        "paymentschedule",
    ],
)
def test_admins_can_read_the_money(client, dan, council, model):
    ClaimLineFactory(claim__council=council)
    client.force_login(dan)
    assert client.get(f"/admin/funding/{model}/").status_code == 200


def test_claim_lines_cannot_be_edited_in_admin(client, dan, council):
    line = ClaimLineFactory(claim__council=council)
    client.force_login(dan)
    response = client.post(f"/admin/funding/claimline/{line.pk}/change/", {"amount": 99999})
    line.refresh_from_db()
    assert line.amount == 3200
    assert response.status_code in (302, 403)


def test_budget_contributions_are_entered_in_admin(client, dan):
    client.force_login(dan)
    response = client.post(
        "/admin/funding/budgetcontribution/add/",
        {
            "department": "Department for Communities and Local Government",
            "financial_year": "2012/13",
            "amount": "1",
            "source": "entered from the published figures",
        },
    )
    assert response.status_code == 302
