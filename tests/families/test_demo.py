import io

from django.core.management import call_command

from families.models import Employment, Family, Incident, SchoolTerm, WorkProgrammeReferral


def test_seed_demo_adds_families_with_records_and_a_second_run_changes_nothing(db):
    out = io.StringIO()
    call_command("seed_demo", "--force", stdout=out)
    assert "Birmingham demo families: 120 created, 0 updated, 0 unchanged" in out.getvalue()
    assert Family.objects.filter(council__gss_code="E08000025").count() == 120
    assert Family.objects.filter(council__gss_code="E08000003").count() == 40
    birmingham = Family.objects.filter(council__gss_code="E08000025")
    assert birmingham.filter(key_worker__username="officer").exists()
    assert birmingham.filter(closed_on__isnull=False).exclude(closure_reason="").exists()
    assert birmingham.filter(attached_on__isnull=True).exists()
    assert any(family.criteria_met < 3 for family in birmingham)
    for model in (Incident, SchoolTerm, Employment, WorkProgrammeReferral):
        assert model.objects.filter(person__family__council__gss_code="E08000025").count() > 10, model
    history = Family.history.count()

    again = io.StringIO()
    call_command("seed_demo", "--force", stdout=again)
    assert "Birmingham demo families: 0 created, 0 updated, 120 unchanged" in again.getvalue()
    assert Family.history.count() == history
