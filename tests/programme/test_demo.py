import io

from django.core.management import call_command

from programme.models import Ask, Contribution, PlanVersion, ProgressReturn


def _counts() -> tuple:
    return (
        Ask.objects.count(),
        Contribution.objects.count(),
        PlanVersion.objects.count(),
        ProgressReturn.objects.count(),
    )


def test_demo_plans_use_the_seeds_facts_and_a_second_run_changes_nothing(db):
    call_command("seed_demo", "--force", stdout=io.StringIO())
    first = _counts()
    call_command("seed_demo", "--force", stdout=io.StringIO())
    assert _counts() == first

    from programme.models import Plan

    islington = Plan.objects.get(pilot__slug="islington")
    assert islington.contributions.totals()["pooled"] > 6_000_000
    assert islington.partners.count() == 7
    cheshire = Plan.objects.get(pilot__slug="cheshire-west-and-chester")
    assert cheshire.themes.count() == 5
    assert sorted(cheshire.themes.get(name="Best start in life").projects.values_list("name", flat=True)) == [
        "Children's centre redesign",
        "Early help and prevention",
        "Troubled families",
        "Youth support",
    ]
    newcastle = Plan.objects.get(pilot__slug="newcastle-cowgate-kenton-bar-and-montagu")
    assert "ward committees" in newcastle.steering_body.lower()
    assert set(Ask.objects.values_list("status", flat=True)) == {"raised", "in_discussion", "agreed", "declined"}
    assert any(r.is_late for r in ProgressReturn.objects.select_related("quarter"))
    assert any(not r.is_late for r in ProgressReturn.objects.select_related("quarter"))
    _people_and_approvers_have_plausible_names()


def _people_and_approvers_have_plausible_names() -> None:
    """Demo users and household members are named as people are ("Olivia Bennett", "Liam Young"), not by role."""
    from councils.models import User
    from families.models import Person
    from funding.models import Claim

    roles = {"officer", "approver", "central", "admin", "demo", "mancunian"}
    for user in User.objects.all():
        assert user.first_name and user.last_name, user.username
        assert not {user.first_name.lower(), user.last_name.lower()} & roles, user.get_full_name()
    names = list(Person.objects.values_list("name", flat=True))
    assert names and all(len(name.split()) == 2 for name in names)
    for claim in Claim.objects.exclude(submitted_at=None):
        assert len(claim.internal_audit_sign_off.split()) == len(claim.coordinator_sign_off.split()) == 2
