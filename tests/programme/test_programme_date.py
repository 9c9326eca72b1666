"""One business date: PROGRAMME_DATE pins "today" for judging, due dates, windows and defaults."""

import datetime as dt

import pytest
from django.utils import timezone

from councils.access import Refused
from councils.calendar import programme_today
from funding import actions
from programme import national


def test_it_is_the_real_date_when_unset(settings):
    settings.PROGRAMME_DATE = None
    assert programme_today() == timezone.localdate()


def test_the_setting_pins_it(settings):
    settings.PROGRAMME_DATE = dt.date(2014, 6, 30)
    assert programme_today() == dt.date(2014, 6, 30)


def test_a_string_setting_is_read_as_a_date(settings):
    settings.PROGRAMME_DATE = "2013-03-31"
    assert programme_today() == dt.date(2013, 3, 31)


def test_a_claim_cannot_be_for_results_after_the_programme_date(settings, alice):
    settings.PROGRAMME_DATE = dt.date(2014, 6, 30)
    with pytest.raises(Refused, match="choose today or earlier"):
        actions.prepare_claim(alice, dt.date(2014, 7, 1))


def test_the_national_picture_is_read_on_the_programme_date(settings, db):
    settings.PROGRAMME_DATE = dt.date(2013, 6, 30)
    assert national.default_as_of() == dt.date(2013, 6, 30)


def test_the_family_page_says_which_day_it_judged(settings, client, alice):
    from tests.factories.families import FamilyFactory

    settings.PROGRAMME_DATE = dt.date(2014, 6, 30)
    family = FamilyFactory(council=alice.council)
    client.force_login(alice)
    page = client.get(family.get_absolute_url()).content.decode()
    assert "Judged today, 30 June 2014" in page


def test_the_setting_is_read_from_the_environment():
    import subprocess
    import sys

    script = "import django; django.setup(); from councils.calendar import programme_today; print(programme_today())"
    env = {"DEBUG": "1", "PROGRAMME_DATE": "2014-06-30", "DJANGO_SETTINGS_MODULE": "programme.settings", "PATH": ""}
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "2014-06-30"
