"""Payment schedules are data edited in admin, within two rules: no payment above the schedule's cap (the
model and the database), and a schedule that claims past draft used is fixed (read-only in admin, refused by
the model)."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from funding.models import Claim, PaymentSchedule
from tests.factories.funding import ClaimLineFactory

FIELDS = [
    "financial_year",
    "starts_on",
    "ends_on",
    "attachment",
    "crime_asb_education",
    "continuous_employment",
    "progress_to_work",
    "cap",
    "employment_weeks_jsa",
    "employment_weeks_other",
]


@pytest.fixture
def schedule(schedules) -> PaymentSchedule:
    return PaymentSchedule.objects.get(financial_year="2012/13")


def admin_form(schedule: PaymentSchedule, **changes) -> dict:
    data = {name: getattr(schedule, name) for name in FIELDS}
    return {**data, **changes}


def change_url(schedule: PaymentSchedule) -> str:
    return f"/admin/funding/paymentschedule/{schedule.pk}/change/"


@pytest.fixture
def line_of_a_claim(council, amir, carol):
    """A line of the 2012/13 schedule in a claim of the given status, with who did each step."""

    def make(status: str):
        now = timezone.now()
        steps = {}
        if status != Claim.Status.DRAFT:
            steps.update(claim__submitted_by=amir, claim__submitted_at=now)
        if status in (Claim.Status.APPROVED, Claim.Status.PAID):
            steps.update(claim__approved_by=carol, claim__approved_at=now)
        if status == Claim.Status.PAID:
            steps.update(claim__paid_by=carol, claim__paid_at=now)
        return ClaimLineFactory(claim__council=council, claim__status=status, financial_year="2012/13", **steps)

    return make


class TestTheCap:
    def test_an_attachment_fee_at_the_cap_is_accepted(self, client, dan, schedule):
        client.force_login(dan)
        response = client.post(change_url(schedule), admin_form(schedule, attachment=4000))
        assert response.status_code == 302
        schedule.refresh_from_db()
        assert schedule.attachment == 4000

    def test_an_attachment_fee_above_the_cap_is_refused_in_admin(self, client, dan, schedule):
        client.force_login(dan)
        response = client.post(change_url(schedule), admin_form(schedule, attachment=4001))
        assert response.status_code == 200
        assert "The attachment fee (£4,001) cannot be more than the cap (£4,000)" in response.content.decode()
        schedule.refresh_from_db()
        assert schedule.attachment == 3200

    def test_lowering_the_cap_below_a_payment_is_refused(self, schedule):
        schedule.cap = 3000
        with pytest.raises(ValidationError) as refused:
            schedule.full_clean()
        assert set(refused.value.message_dict) == {"attachment"}

    @pytest.mark.parametrize("field", PaymentSchedule.PAYMENTS)
    def test_the_database_refuses_any_payment_above_the_cap(self, schedule, field):
        with pytest.raises(IntegrityError, match="schedule_payments_within_cap"), transaction.atomic():
            PaymentSchedule.objects.filter(pk=schedule.pk).update(**{field: 4001})


class TestAUsedSchedule:
    @pytest.fixture
    def used(self, schedule, line_of_a_claim):
        line_of_a_claim(Claim.Status.SUBMITTED)
        return schedule

    def test_a_schedule_only_draft_claims_used_can_still_be_changed(self, client, dan, schedule, line_of_a_claim):
        line_of_a_claim(Claim.Status.DRAFT)
        client.force_login(dan)
        assert client.post(change_url(schedule), admin_form(schedule, progress_to_work=150)).status_code == 302
        schedule.refresh_from_db()
        assert schedule.progress_to_work == 150

    @pytest.mark.parametrize("status", [Claim.Status.SUBMITTED, Claim.Status.APPROVED, Claim.Status.PAID])
    def test_claims_past_draft_fix_it(self, schedule, line_of_a_claim, status):
        line_of_a_claim(status)
        assert schedule.is_used()
        assert not PaymentSchedule.objects.get(financial_year="2013/14").is_used()

    def test_it_is_read_only_in_admin(self, client, dan, used):
        client.force_login(dan)
        page = client.get(change_url(used)).content.decode()
        assert 'name="attachment"' not in page
        assert "3200" in page or "3,200" in page  # shown, not editable
        client.post(change_url(used), admin_form(used, attachment=1))
        used.refresh_from_db()
        assert used.attachment == 3200

    def test_it_cannot_be_deleted_in_admin(self, client, dan, used):
        client.force_login(dan)
        response = client.post(f"/admin/funding/paymentschedule/{used.pk}/delete/", {"post": "yes"})
        assert response.status_code == 403
        assert PaymentSchedule.objects.filter(pk=used.pk).exists()

    def test_the_model_refuses_a_change(self, used):
        used.cap = 5000
        with pytest.raises(ValidationError, match="Claims have been submitted with the 2012/13 schedule"):
            used.full_clean()
        with pytest.raises(ValidationError, match="so it cannot be changed"):
            used.save()
        used.refresh_from_db()
        assert used.cap == 4000

    def test_the_model_refuses_to_delete_it(self, used):
        with pytest.raises(ValidationError, match="it is kept"):
            used.delete()

    def test_saving_it_unchanged_is_harmless(self, used):
        used.save()  # e.g. seed_programme finding nothing to fill

    def test_the_admin_list_says_which_schedules_are_used(self, client, dan, used, django_assert_max_num_queries):
        client.force_login(dan)
        with django_assert_max_num_queries(8):
            page = client.get("/admin/funding/paymentschedule/").content.decode()
        assert page.count('alt="True"') == 1
