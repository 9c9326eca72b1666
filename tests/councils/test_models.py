import pytest
from django.db import IntegrityError

from councils.models import User
from tests.factories.councils import CouncilFactory


@pytest.mark.parametrize(
    ("estimate", "funded"),
    [(290, 242), (6, 5), (3, 3), (1, 1), (0, 0), (4180, 3483), (None, None)],
)
def test_funded_families_is_five_sixths_rounded(db, estimate, funded):
    # 3 * 5/6 = 2.5 rounds half up to 3; Hartlepool: 290 estimated, 242 funded.
    assert CouncilFactory(troubled_families_estimate=estimate).funded_families == funded


def test_officer_without_council_is_refused_by_the_database(db):
    with pytest.raises(IntegrityError):
        User.objects.create_user("nobody", "n@example.gov.uk", "pw-long-enough-1", role="officer")


def test_central_user_with_council_is_refused_by_the_database(council):
    with pytest.raises(IntegrityError):
        User.objects.create_user("c", "c@example.gov.uk", "pw-long-enough-1", role="central", council=council)


def test_create_user_keeps_djangos_signature(council):
    user = User.objects.create_user("o", "o@example.gov.uk", "pw-long-enough-1", role="approver", council=council)
    assert user.check_password("pw-long-enough-1")
    assert (user.role, user.council) == ("approver", council)


def test_gss_code_format_is_held_by_the_database(db):
    with pytest.raises(IntegrityError):
        CouncilFactory(gss_code="X123")
