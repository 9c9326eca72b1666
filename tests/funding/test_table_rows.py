"""includes/table.html writes a table's rows with `{% table_rows %}` (programme/templatetags/table_rows.py), worked
out once per table, instead of django-tables2's cell by cell loop. Both must write the same HTML: each page here is
rendered both ways (`fast_rows = False` keeps the loop) and its table bodies compared byte for byte."""

import datetime as dt
import re

import django_tables2 as tables
import pytest
from django.utils import timezone

from funding import actions
from tests.factories.families import FamilyFactory, PersonFactory, ReferralFactory
from tests.factories.funding import ClaimFactory, ClaimLineFactory, ClaimWindowFactory

ON = dt.date(2013, 3, 31)
BODY = re.compile(r'<tbody class="govuk-table__body">.*?</tbody>', re.S)


@pytest.fixture
def claims(council, other_council, alice, amir, carol, schedules):
    """A claim with lines submitted in an open window (its page has cards and an action column) and another
    council's draft: every column of the claims table with a value and with none ("Not yet")."""
    for i in range(3):
        family = FamilyFactory(council=council, reference=f"TF-{i:03d}", attached_on=dt.date(2012, 6, 1))
        ReferralFactory(person=PersonFactory(family=family), referred_on=dt.date(2012, 8, 1))
    today = timezone.localdate()
    ClaimWindowFactory(opens_on=today, closes_on=today + dt.timedelta(days=9), opened_by=carol)
    claim = actions.submit_claim(
        amir, actions.prepare_claim(alice, ON), internal_audit="I. Auditor", coordinator="C. Ord", declared=True
    )
    ClaimLineFactory(claim=ClaimFactory(council=other_council, results_on=dt.date(2012, 12, 31)))
    return claim


def _bodies(client, path: str) -> list[str]:
    response = client.get(path)
    assert response.status_code == 200
    return BODY.findall(response.content.decode())


def _both_ways(client, monkeypatch, path: str) -> tuple[list[str], list[str]]:
    fast = _bodies(client, path)
    with monkeypatch.context() as patch:
        patch.setattr(tables.Table, "fast_rows", False, raising=False)
        loop = _bodies(client, path)
    return fast, loop


@pytest.mark.parametrize("who", ["carol", "alice"])
def test_the_claims_pages_rows_are_written_as_the_loop_wrote_them(client, request, monkeypatch, claims, who):
    client.force_login(request.getfixturevalue(who))
    for path in ["/claims/", "/claims/?sort=-total", f"/claims/{claims.pk}/", f"/claims/{claims.pk}/?sort=amount"]:
        fast, loop = _both_ways(client, monkeypatch, path)
        assert fast, f"{path}: no table"
        assert fast == loop, path
    page = client.get(f"/claims/{claims.pk}/").content.decode()
    assert page.count('<span class="app-table__label">') >= 6  # the claim's lines are cards on a phone
    listed = BODY.findall(client.get("/claims/").content.decode())[-1]
    assert "Not yet" in listed and f'href="/claims/{claims.pk}/">#{claims.pk}</a></th>' in listed


def test_the_other_tables_rows_are_written_as_the_loop_wrote_them(client, monkeypatch, carol, alice, dan, claims):
    compared = []
    for user, paths in [
        (alice, ["/families/", "/families/?sort=-reference", "/claims/claimable/"]),
        (carol, ["/councils/", "/councils/?sort=-name", "/families/", "/pilots/"]),
        (dan, ["/accounts/users/", "/accounts/sign-ins/"]),
    ]:
        client.force_login(user)
        for path in paths:
            if client.get(path).status_code != 200:
                continue  # a page this user does not reach (the test is of the rows, not of who reaches them)
            fast, loop = _both_ways(client, monkeypatch, path)
            assert fast == loop, path
            if fast:
                compared.append(path)
    assert len(compared) >= 6, compared


def test_a_table_of_dicts_and_a_template_column(rf, db):
    """Rows that are dicts, a TemplateColumn of code and one of a file, a render method taking any arguments."""
    from django.template import Context, Template

    class Sample(tables.Table):
        name = tables.Column()
        when = tables.DateColumn(format="j M Y", default="Never")
        code = tables.TemplateColumn("<b>{{ value }}</b> {{ row_counter }} {{ record.name }}")
        extra = tables.Column(empty_values=())

        class Meta:
            row_header = True

        def render_extra(self, **kwargs):
            return f"{kwargs['record']['name']} & {kwargs['bound_row'].row_counter}"

    data = [
        {"name": "<A>", "when": dt.date(2014, 3, 1), "code": "x"},
        {"name": "B", "when": None, "code": None},
    ]
    page = Template("{% load django_tables2 %}{% render_table table %}")

    def render() -> str:
        table = Sample(data, request=rf.get("/"))
        tables.RequestConfig(table.request).configure(table)
        return BODY.findall(page.render(Context({"request": table.request, "table": table})))[0]

    fast = render()
    Sample.fast_rows = False
    assert render() == fast
    assert "&lt;A&gt;" in fast and "Never" in fast and "<b>x</b> 0 &lt;A&gt;" in fast and "B &amp; 1" in fast
    # `row_header = True` in the Meta heads each row with its first cell, both ways.
    assert fast.count('<th scope="row" class="govuk-table__header">') == 2
    assert '<th scope="row" class="govuk-table__header">&lt;A&gt;</th>' in fast


def test_a_table_without_row_header_writes_only_cells(rf, db):
    class Plain(tables.Table):
        name = tables.Column()

    table = Plain([{"name": "A"}], request=rf.get("/"))
    from django.template import Context, Template

    body = BODY.findall(
        Template("{% load django_tables2 %}{% render_table table %}").render(
            Context({"request": table.request, "table": table})
        )
    )[0]
    assert 'scope="row"' not in body and '<td class="govuk-table__cell">A</td>' in body
