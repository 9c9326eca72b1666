"""Every URL of the site, and how the security tests reach it. The tests walk the URL configuration and fail on
any URL name that is missing here, printing the line to add.

To add a URL: one entry, keyed by its name (with namespace), saying
- `kwargs`: how to build its arguments from the demo data (`d` is a `tests.security.demo.Demo`). Pick an object
  of the demo officer's council, Birmingham (`d.council`): `d.first(Family, council=d.council).pk`. The object
  must exist in the demo data (the app's demo.py, or `Demo.__init__`): one created inside a test is rolled back;
- `per_object=True` if the page shows or changes one object that belongs to a council: an officer of another
  council (and, with `strangers=("officer", "approver")`, its approver) must get 404;
- `post_only=True` for a form endpoint with no page of its own (GET answers 405);
- `csv=True` for a list that exports `?_export=csv`;
- `public=True` only for pages open without signing in (the explicit allow-list: sign-in, password reset,
  invitation acceptance, health);
- `before_two_factor=True` only for pages a signed-in user reaches before the second factor.

Examples for the other areas (add them when their URLs exist):

    "families:list": Target(csv=True),
    "families:detail": Target(kwargs=lambda d: {"pk": d.family.pk}, per_object=True),
    "families:edit": Target(kwargs=lambda d: {"pk": d.family.pk}, per_object=True),
    "families:record_edit": Target(
        kwargs=lambda d: {"pk": d.family.pk, "kind": "people", "record_pk": d.first(Person, family=d.family).pk},
        per_object=True,
    ),
    "funding:claims": Target(csv=True),
    "funding:claim": Target(kwargs=lambda d: {"pk": d.first(Claim, council=d.council).pk}, per_object=True),
    "programme:national": Target(csv=True),

Admin URLs (namespace `admin`) are covered by one rule instead: they require a staff account.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tests.security.demo import Demo


@dataclass(frozen=True)
class Target:
    kwargs: Callable[["Demo"], dict] | None = None
    per_object: bool = False
    strangers: tuple[str, ...] = ("officer",)
    post_only: bool = False
    csv: bool = False
    public: bool = False
    before_two_factor: bool = False
    owner: str = "officer"  # who of the demo council (or "central") reaches the page: its own-council check

    def url(self, name: str, demo: "Demo") -> str:
        from django.urls import reverse

        return reverse(name, kwargs=self.kwargs(demo) if self.kwargs else None)


def _user(d: "Demo") -> dict:
    return {"pk": d.officer.pk}


def _family(d: "Demo") -> dict:
    return {"pk": d.family.pk}


def _person(d: "Demo") -> dict:
    from families.models import Person

    return {"pk": d.family.pk, "kind": "people", "record_pk": d.first(Person, family=d.family).pk}


def _claim(d: "Demo") -> dict:
    from funding.models import Claim

    return {"pk": d.first(Claim, council=d.council).pk}


def _line(d: "Demo") -> dict:
    from funding.models import ClaimLine

    line = d.first(ClaimLine, claim__council=d.council)
    return {"pk": line.claim_id, "line_pk": line.pk}


def _check(d: "Demo") -> dict:
    from funding.models import SpotCheck

    check = d.first(SpotCheck, claim__council=d.council)
    return {"pk": check.claim_id, "check_pk": check.pk}


def _window(d: "Demo") -> dict:
    from funding.models import ClaimWindow

    return {"window_pk": d.first(ClaimWindow).pk}


def _pilot(d: "Demo") -> dict:
    return {"slug": d.pilot.slug}


def _ask(d: "Demo") -> dict:
    from programme.models import Ask

    return {**_pilot(d), "pk": d.first(Ask, plan__pilot=d.pilot).pk}


def _return(d: "Demo") -> dict:
    from programme.models import ProgressReturn

    return {**_pilot(d), "pk": d.first(ProgressReturn, pilot=d.pilot).pk}


def _version(d: "Demo") -> dict:
    from programme.models import PlanVersion

    return {**_pilot(d), "number": d.first(PlanVersion, plan__pilot=d.pilot).number}


TARGETS: dict[str, Target] = {
    # The role's home and the roster (the roster is readable by every signed-in user: not per object).
    "home": Target(),
    "councils:list": Target(csv=True),
    "councils:detail": Target(kwargs=lambda d: {"gss_code": d.council.gss_code}),
    "programme:pilots": Target(csv=True),
    "programme:pilot": Target(kwargs=lambda d: {"slug": d.pilot.slug}),
    "health": Target(public=True),
    # Signing in and out, passwords.
    "login": Target(public=True),
    "admin_sign_in": Target(public=True),
    "logout": Target(post_only=True, before_two_factor=True),
    "password_change": Target(),
    "password_change_done": Target(),
    "password_reset": Target(public=True),
    "password_reset_done": Target(public=True),
    "password_reset_confirm": Target(kwargs=lambda d: {"uidb64": "MQ", "token": "set-password"}, public=True),
    "password_reset_complete": Target(public=True),
    # Two-factor sign-in.
    "accounts:two_factor": Target(),
    "accounts:two_factor_setup": Target(before_two_factor=True),
    "accounts:two_factor_verify": Target(before_two_factor=True),
    "accounts:two_factor_recovery": Target(before_two_factor=True),
    "accounts:recovery_codes": Target(before_two_factor=True),
    "accounts:new_recovery_codes": Target(post_only=True),
    "accounts:two_factor_turn_off": Target(post_only=True),
    # Accounts: approvers manage their council's officers, admins everyone.
    "accounts:accept_invitation": Target(kwargs=lambda d: {"token": d.invitation_token}, public=True),
    "accounts:users": Target(csv=True),
    "accounts:invite": Target(),
    "accounts:user": Target(kwargs=_user, per_object=True, strangers=("officer", "approver")),
    "accounts:deactivate": Target(kwargs=_user, per_object=True, strangers=("officer", "approver"), post_only=True),
    "accounts:reactivate": Target(kwargs=_user, per_object=True, strangers=("officer", "approver"), post_only=True),
    "accounts:resend_invitation": Target(
        kwargs=_user, per_object=True, strangers=("officer", "approver"), post_only=True
    ),
    # For admins: the sign-in record and lockouts.
    "accounts:sign_ins": Target(csv=True),
    "accounts:lockouts": Target(),
    "accounts:messages": Target(csv=True),
    "accounts:unlock": Target(post_only=True),
    # Families: a council's own cases; another council's family is 404.
    "families:list": Target(csv=True),
    "families:add": Target(),
    "families:import": Target(),
    "families:import_template": Target(),
    "families:import_example": Target(),
    "families:import_review": Target(kwargs=lambda d: {"upload_pk": d.case_upload.pk}, per_object=True),
    "families:detail": Target(kwargs=_family, per_object=True),
    "families:edit": Target(kwargs=_family, per_object=True),
    "families:record_add": Target(kwargs=lambda d: {**_family(d), "kind": "people"}, per_object=True),
    "families:record_edit": Target(kwargs=_person, per_object=True),
    "families:record_delete": Target(kwargs=_person, per_object=True),
    # Claims and the programme's money.
    "funding:list": Target(csv=True),
    "funding:prepare": Target(),
    "funding:claim": Target(kwargs=_claim, per_object=True, csv=True),
    "funding:line": Target(kwargs=_line, per_object=True),
    "funding:submit": Target(kwargs=_claim, per_object=True, owner="approver"),
    "funding:sample": Target(kwargs=_claim, per_object=True, post_only=True, owner="central"),
    "funding:accept_remaining": Target(kwargs=_claim, per_object=True, owner="central"),
    "funding:check": Target(kwargs=_check, per_object=True, owner="central"),
    "funding:discard": Target(kwargs=_claim, per_object=True, post_only=True),
    "funding:approve": Target(kwargs=_claim, per_object=True, owner="central"),
    "funding:return": Target(kwargs=_claim, per_object=True, owner="central"),
    "funding:claimable": Target(),  # officers only: its CSV is tested in tests/funding/test_money_steps.py
    "funding:pay": Target(kwargs=_claim, per_object=True, owner="central"),
    "funding:windows": Target(),
    "funding:window_close": Target(kwargs=_window, post_only=True),
    "funding:family_results": Target(kwargs=lambda d: {"family_pk": d.family.pk}, per_object=True),
    "funding:progress": Target(),  # its CSV needs a council chosen: tests/funding cover it
    "funding:statement": Target(),  # likewise
    "funding:grants": Target(),
    "funding:budget": Target(),
    "funding:monitoring": Target(csv=True),
    # Pilots' plans, asks and returns: drafts, asks and returns are the member councils' and central staff's.
    "programme:plan_edit": Target(kwargs=lambda d: {**_pilot(d), "part": "partnership"}, per_object=True),
    "programme:plan_publish": Target(kwargs=_pilot, per_object=True, owner="approver"),
    "programme:plan_versions": Target(kwargs=_pilot, csv=True),
    "programme:plan_version": Target(kwargs=_version),
    "programme:plan_compare": Target(kwargs=_pilot),
    "programme:asks": Target(kwargs=_pilot, per_object=True, csv=True),
    "programme:ask_new": Target(kwargs=_pilot, per_object=True),
    "programme:ask": Target(kwargs=_ask, per_object=True),
    "programme:ask_move": Target(kwargs=_ask, per_object=True, post_only=True, owner="central"),
    "programme:ask_comment": Target(kwargs=_ask, per_object=True, post_only=True),
    "programme:returns": Target(kwargs=_pilot, per_object=True),
    "programme:return_new": Target(kwargs=_pilot, per_object=True, owner="approver"),
    "programme:return": Target(kwargs=_return, per_object=True),
    "programme:return_review": Target(kwargs=_return, per_object=True, post_only=True, owner="central"),
    "all_asks": Target(csv=True),
    "all_returns": Target(csv=True),
    "claimable_refresh": Target(post_only=True),
    # The national picture: central staff and admins.
    "national": Target(csv=True),
    "national_families": Target(csv=True),
    "national_money": Target(csv=True),
    "national_outcomes": Target(csv=True),
    "national_community_budgets": Target(csv=True),
    "national_refresh_outcomes": Target(post_only=True),
}
