"""Every form of the service speaks in its users' words (GOV.UK error-message guidance), never in Django's.

The walk finds every form class the apps define (and each formset's form) by importing their modules, builds each
one as its view does, posts it empty and then with bad values in every field, and fails on any message that is
Django's own wording ("This field is required.", "Enter a valid ...", "Ensure this value ...", "Select a valid
choice ..."), on a "---------" choice, and on a date message that does not name its field. A new form must be added
to BUILDERS, or the walk fails and says so.
"""

import datetime as dt
import importlib
import pkgutil
import re

import django_filters
import pytest
from django import forms
from django.core import validators
from django.forms.formsets import BaseFormSet
from django.test import RequestFactory

from councils.forms import GovukDateField, GovukForm, GovukMessagesMixin, GovukModelForm
from councils.models import User
from tests.factories.families import ChildFactory, FamilyFactory, PersonFactory
from tests.factories.programme import (
    MeasureFactory,
    MembershipFactory,
    MilestoneFactory,
    PilotFactory,
    PlanFactory,
    quarter,
)

APPS = ("councils", "families", "funding", "programme")


def _django_templates() -> list[str]:
    """Django's own messages: every form field's defaults and every validator's."""
    found = {"This field is required."}
    classes = [forms.Field]
    while classes:
        klass = classes.pop()
        classes.extend(klass.__subclasses__())
        found.update(str(m) for m in klass.__dict__.get("default_error_messages", {}).values())
    for name in dir(validators):
        value = getattr(validators, name)
        if isinstance(value, type) and isinstance(getattr(value, "message", None), str | type(validators._)):
            found.add(str(value.message))
    return [m for m in found if m]


DJANGO_PATTERNS = [
    re.compile(re.sub(r"%\\\(\w+\\\)[sd]", ".+", re.escape(template)).replace(r"\{", "{").replace(r"\}", "}"))
    for template in _django_templates()
] + [
    re.compile(p)
    for p in (
        r"This field is required",
        r"^Enter a valid",
        r"^Ensure ",
        r"Select a valid choice",
        r"^Enter a (whole )?number\.",
        r"Null characters",
        r"^Enter a list of values",
        r"already exists\.$",
        r"^Please ",
    )
]


def django_wording(message: str) -> bool:
    return any(p.search(message) for p in DJANGO_PATTERNS)


def test_the_check_knows_djangos_wording():
    assert django_wording("This field is required.")
    assert django_wording("Ensure this value is greater than or equal to 0.")
    assert django_wording("Select a valid choice. x is not one of the available choices.")
    assert django_wording("Enter a valid email address.")
    assert not django_wording("Enter the date the family was identified")
    assert not django_wording("Unauthorised absence must be 100% or less")


# --- finding every form -----------------------------------------------------------------------------------------


def _import_every_module() -> None:
    for app in APPS:
        package = importlib.import_module(app)
        for info in pkgutil.walk_packages(package.__path__, f"{app}."):
            if ".migrations" in info.name or info.name.endswith((".asgi", ".wsgi")):
                continue
            importlib.import_module(info.name)


def _subclasses(klass: type) -> set[type]:
    found, todo = set(), [klass]
    while todo:
        for sub in todo.pop().__subclasses__():
            if sub not in found:
                found.add(sub)
                todo.append(sub)
    return found


# Forms whose modules another change is rebuilding; each becomes a GovukForm there, and leaves this list.
PENDING: set[str] = set()  # forms not yet in the users' words (none)


def project_forms() -> set[type]:
    _import_every_module()
    found = {
        f
        for f in _subclasses(forms.BaseForm)
        if f.__module__.split(".")[0] in APPS and f not in (GovukForm, GovukModelForm) and f.__name__ not in PENDING
    }
    for app in APPS:  # a formset's form is made by Django's factory: find it through the formset
        for value in vars(importlib.import_module(f"{app}.forms")).values():
            if isinstance(value, type) and issubclass(value, BaseFormSet):
                found.add(value.form)
    # A base class that no view builds (it has no model of its own) is walked through its subclasses.
    return {f for f in found if not (issubclass(f, forms.ModelForm) and f._meta.model is None)}


# --- building each form as its view does ------------------------------------------------------------------------


@pytest.fixture
def cast(db, council, alice, amir, carol, dan):
    family = FamilyFactory(council=council, reference="F1")
    PersonFactory(family=family, reference="A1", name="Liam Young")
    PersonFactory(family=family, reference="A2", name="")
    ChildFactory(family=family, reference="C1", name="Mia Young")
    ChildFactory(family=family, reference="C2", name="")
    pilot = PilotFactory(name="Birmingham", slug="birmingham", started_on=dt.date(2011, 4, 1))
    MembershipFactory(pilot=pilot, council=council, is_lead=True)
    plan = PlanFactory(pilot=pilot)
    MilestoneFactory(plan=plan, title="Key workers recruited", due_on=dt.date(2011, 9, 30))
    MeasureFactory(plan=plan, name="% of families in work", unit="%", baseline=10, target=40)
    return {
        "council": council,
        "family": family,
        "plan": plan,
        "pilot": pilot,
        "alice": alice,
        "amir": amir,
        "dan": dan,
    }


def _return_kwargs(c):
    from programme.models import Measure, Milestone, ReportingQuarter

    quarter("2011/12 Q1")
    plan = c["plan"]
    return {
        "pilot": c["pilot"],
        "quarters": ReportingQuarter.objects.all(),
        "milestones": Milestone.objects.filter(plan=plan),
        "measures": Measure.objects.filter(plan=plan),
    }


def _kwargs_by_name(name: str, c: dict) -> dict | None:
    """The keyword arguments a view passes, by the form's name (None: it takes none)."""
    family_forms = {"PersonForm", "SchoolTermForm", "IncidentForm", "EmploymentForm", "ReferralForm"}
    if name in family_forms:
        return {"family": c["family"]}
    plan_instance = {"PartnershipForm", "ApproachForm"}
    return {
        "FamilyForm": {"council": c["council"]},
        "MeasureForm": {"plan": c["plan"]},
        "ProjectForm": {"plan": c["plan"]},
        "MoveAskForm": {"choices": [("in_discussion", "In discussion"), ("agreed", "Agreed")]},
        "ReturnForm": "return",
        "InviteForm": {"inviter": c["dan"]},
        "SetPasswordForm": {"user": c["alice"]},
        "PasswordChangeForm": {"user": c["alice"]},
        "NewPasswordForm": {"user": c["alice"]},
        "SignInForm": {"request": RequestFactory().post("/accounts/login/")},
        **{n: {"instance": c["plan"]} for n in plan_instance},
    }.get(name)


def build(form_class: type, data: dict | None, c: dict) -> forms.BaseForm:
    kwargs = _kwargs_by_name(form_class.__name__, c) or {}
    if kwargs == "return":
        kwargs = _return_kwargs(c)
    if issubclass(form_class, forms.ModelForm) and "instance" not in kwargs:
        model = form_class._meta.model
        if any(f.name == "plan" for f in model._meta.fields):
            kwargs["instance"] = model(plan=c["plan"])
    return form_class(data=data, **kwargs)


def bad_values(form: forms.BaseForm) -> list[dict]:
    """Rounds of bad input, each a whole form's data: wrong kinds, too long, out of range, parts of dates."""
    rounds: list[dict] = [{}, {}, {}, {}]
    for name, field in form.fields.items():
        key = form.add_prefix(name)
        if isinstance(field, GovukDateField):
            rounds[0].update({f"{key}_day": "27", f"{key}_month": "", f"{key}_year": "2012"})
            rounds[1].update({f"{key}_day": "31", f"{key}_month": "2", f"{key}_year": "2012"})
            rounds[2].update({f"{key}_day": "1", f"{key}_month": "1", f"{key}_year": "9" * 5000})
            rounds[3].update({f"{key}_day": "٣", f"{key}_month": "", f"{key}_year": ""})
        elif isinstance(field, forms.BooleanField):
            rounds[0][key] = ""
        elif isinstance(field, forms.ChoiceField):
            for r in rounds:
                r[key] = "no-such-choice"
        elif isinstance(field, forms.DecimalField | forms.IntegerField):
            rounds[0][key] = "lots"
            rounds[1][key] = "-1"
            rounds[2][key] = "9" * 5000
            rounds[3][key] = "1000.123"
        elif isinstance(field, forms.EmailField):
            rounds[0][key] = "not an address"
            rounds[1][key] = "x" * 400 + "@example.gov.uk"
        elif isinstance(field, forms.CharField):
            rounds[0][key] = "x" * ((field.max_length or 5000) + 1)
            rounds[1][key] = "null \x00 byte"
            rounds[2][key] = "1"  # short, and only numbers: the password rules
    return rounds


def messages_of(form: forms.BaseForm) -> list[str]:
    return [str(m) for errors in form.errors.values() for m in errors]


FORM_CLASSES = sorted(project_forms(), key=lambda f: f"{f.__module__}.{f.__qualname__}")


def test_the_walk_finds_the_forms_of_every_app():
    names = {f.__name__ for f in FORM_CLASSES}
    assert {"FamilyForm", "SchoolTermForm", "PrepareClaimForm", "PayForm", "ContributionForm", "InviteForm"} <= names
    assert len(names) >= 30


@pytest.mark.parametrize("form_class", FORM_CLASSES, ids=lambda f: f.__name__)
def test_every_message_is_in_the_users_words(cast, form_class):
    assert issubclass(form_class, GovukMessagesMixin), f"{form_class.__name__}: make it a GovukForm"
    empty = build(form_class, {}, cast)
    seen = messages_of(empty) if not empty.is_valid() else []
    for data in bad_values(build(form_class, None, cast)):
        form = build(form_class, data, cast)
        form.is_valid()
        seen += messages_of(form)
    django = [m for m in seen if django_wording(m)]
    assert not django, f"{form_class.__name__} says Django's words: {django}"
    for name, field in build(form_class, None, cast).fields.items():
        labels = [str(label) for _, label in getattr(field, "choices", [])]
        assert "---------" not in labels, f"{form_class.__name__}.{name} has a '---------' choice"


@pytest.mark.parametrize("form_class", FORM_CLASSES, ids=lambda f: f.__name__)
def test_each_field_says_one_thing_at_a_time(cast, form_class):
    for data in bad_values(build(form_class, None, cast)):
        form = build(form_class, data, cast)
        form.is_valid()
        assert all(len(errors) == 1 for name, errors in form.errors.items() if name != "__all__")


def project_filtersets() -> list[type]:
    _import_every_module()
    found = [f for f in _subclasses(django_filters.FilterSet) if f.__module__.split(".")[0] in APPS]
    return sorted(found, key=lambda f: f.__name__)


@pytest.mark.parametrize("filterset_class", project_filtersets(), ids=lambda f: f.__name__)
def test_every_list_filter_is_in_the_users_words(cast, filterset_class):
    request = RequestFactory().get("/")
    request.user = cast["alice"]

    def form(data):
        queryset = filterset_class._meta.model.objects.none()
        return filterset_class(data, queryset=queryset, request=request).form

    seen = []
    for data in bad_values(form(None)):
        bound = form(data)
        bound.is_valid()
        seen += messages_of(bound)
    assert seen, f"{filterset_class.__name__}: the bad values raised nothing"
    django = [m for m in seen if django_wording(m)]
    assert not django, f"{filterset_class.__name__} says Django's words: {django}"


# --- the words themselves ---------------------------------------------------------------------------------------


def _family_form(data, cast):
    from families.forms import FamilyForm

    return FamilyForm(data, council=cast["council"])


def test_a_required_field_names_itself(cast):
    form = _family_form({}, cast)
    assert form.errors["identified_on"] == ["Enter the date the family was identified"]
    assert form.errors["reference"] == ["Enter the case reference"]


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("27", "", "2012", "The date the family was identified must include a month"),
        ("", "", "2012", "The date the family was identified must include a day and month"),
        ("27", "3", "", "The date the family was identified must include a year"),
        ("31", "2", "2012", "The date the family was identified must be a real date"),
        ("1", "1", "12", "The date the family was identified must be a real date"),
        ("1", "1", "9" * 5000, "The date the family was identified must be a real date"),
        ("٣", "3", "2012", "The date the family was identified must be a real date"),
        ("1", "1", "1066", "The date the family was identified must be 1900 or later"),
    ],
)
def test_a_date_names_the_field_and_the_part_that_is_wrong(cast, day, month, year, message):
    data = {"identified_on_day": day, "identified_on_month": month, "identified_on_year": year}
    assert _family_form(data, cast).errors["identified_on"] == [message]


def test_only_the_missing_part_of_a_date_is_marked(cast):
    from councils.templatetags.govuk import first_control_id, govuk_field

    form = _family_form({"identified_on_day": "27", "identified_on_year": "2012"}, cast)
    form.is_valid()
    html = govuk_field(form["identified_on"])
    assert html.count("govuk-input--error") == 1
    assert re.search(r'govuk-input--error" id="id_identified_on_month"', html)
    assert first_control_id(form["identified_on"]) == "id_identified_on_month"


def test_a_range_names_its_limit(cast):
    from families.forms import SchoolTermForm

    data = {"unauthorised_absence_pct": "101", "fixed_exclusions": "-1"}
    form = SchoolTermForm(data, family=cast["family"])
    assert form.errors["unauthorised_absence_pct"] == ["Unauthorised absence must be 100% or less"]
    assert form.errors["fixed_exclusions"] == ["The number of fixed-term exclusions must be 0 or more"]


def test_a_length_limit_is_counted_right(cast):
    from funding.forms import PayForm

    form = PayForm({"reference": "x" * 61})
    assert form.errors["reference"] == ["The payment reference must be 60 characters or less"]


def test_a_required_radio_has_no_blank_choice(cast):
    from programme.forms import ContributionForm
    from programme.models import Contribution

    form = ContributionForm(instance=Contribution(plan=cast["plan"]))
    assert [value for value, _ in form.fields["kind"].choices] == ["pooled", "aligned"]
    assert ContributionForm({}, instance=Contribution(plan=cast["plan"])).errors["kind"] == [
        "Select whether the money is pooled or aligned"
    ]


def test_a_label_with_a_percent_sign_is_safe_in_a_message(cast):
    from programme.forms import ReturnForm

    kwargs = _return_kwargs(cast)
    measure = kwargs["measures"].get()
    form = ReturnForm({f"measure_{measure.pk}": "1" * 20}, **kwargs)
    assert form.errors[f"measure_{measure.pk}"] == ["The % of families in work must have 12 digits or fewer"]


def test_record_forms_name_the_person_to_their_council(cast):
    from families.forms import IncidentForm, SchoolTermForm

    people = [label for _, label in IncidentForm(family=cast["family"]).fields["person"].choices]
    assert people == ["Choose a person", "Liam Young (A1)", "Person A2 (adult)", "Mia Young (C1)", "Person C2 (child)"]
    children = [label for _, label in SchoolTermForm(family=cast["family"]).fields["person"].choices]
    assert children == ["Choose a person", "Mia Young (C1)", "Person C2 (child)"]


def test_a_form_may_say_it_its_own_way(cast):
    from funding.forms import SubmitClaimForm

    form = SubmitClaimForm({})
    assert form.errors["declared"] == ["Confirm the declaration to submit the claim"]
    assert form.errors["internal_audit"] == ["Enter the name of who signed off for internal audit"]


def test_plurals_are_right():
    from councils.formats import count

    assert count(1, "second") == "1 second"
    assert count(2, "second") == "2 seconds"
    assert count(0, "family", "families") == "0 families"


def test_a_user_can_be_invited_in_users_words(cast):
    from councils.account_forms import InviteForm

    form = InviteForm({"role": "officer"}, inviter=User.objects.get(username="dan"))
    assert form.errors["email"] == ["Enter their email address"]
    assert form.errors["council"] == ["Choose the council an officer or approver belongs to"]
