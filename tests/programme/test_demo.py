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
