"""The demo data the security tests run on: `seed_demo --force`, plus families whose people carry known names
and dates of birth in both demo councils, so that a page showing them to central staff is caught."""

import datetime as dt
import secrets
from functools import cached_property

from django.core.management import call_command
from django.db.models import Model

from councils.models import Council, Invitation, User
from families.models import CaseUpload, Family, Person
from programme.models import Pilot

# Names no page could show by chance.
KNOWN_PEOPLE = [
    ("Peregrine Quillfeather", dt.date(1979, 3, 14)),
    ("Ottoline Brackenbury", dt.date(2003, 11, 2)),
    ("Zebedee Marchbanks", dt.date(1986, 7, 29)),
]


class Demo:
    def __init__(self) -> None:
        call_command("seed_demo", "--force", stdout=open("/dev/null", "w"))  # noqa: SIM115
        self.council = Council.objects.get(gss_code="E08000025")  # Birmingham: the demo officer's
        self.other_council = Council.objects.get(gss_code="E08000003")  # Manchester: the strangers'
        for council in (self.council, self.other_council):
            for i, (name, born_on) in enumerate(KNOWN_PEOPLE):
                family, _ = Family.objects.get_or_create(
                    council=council,
                    reference=f"SEC-{i:03d}",
                    defaults={"identified_on": dt.date(2012, 5, 1), "crime_asb": True, "education": True, "work": True},
                )
                Person.objects.get_or_create(
                    family=family,
                    reference=f"SEC-P{i}",
                    defaults={"role": "adult", "name": f"{name} {council.name}", "date_of_birth": born_on},
                )
        self.case_upload = CaseUpload.objects.create(
            council=self.council, uploaded_by=self.officer, filename="cases.xlsx", content=b""
        )
        self.invitation_token = secrets.token_urlsafe(16)
        Invitation.objects.create(
            user=User.objects.create(username="invited.officer", role="officer", council=self.council),
            token_hash=Invitation.hash_token(self.invitation_token),
            expires_at=dt.datetime(2100, 1, 1, tzinfo=dt.UTC),
        )

    def user(self, username: str) -> User:
        return User.objects.get(username=username)

    @cached_property
    def officer(self) -> User:
        return self.user("officer")

    @cached_property
    def approver(self) -> User:
        return self.user("approver")

    @cached_property
    def central(self) -> User:
        return self.user("central")

    @cached_property
    def admin(self) -> User:
        return self.user("admin")

    @cached_property
    def strangers(self) -> dict[str, User]:
        """Users of another council, by role: what they may not see of Birmingham's."""
        return {"officer": self.user("officer.manchester"), "approver": self.user("approver.manchester")}

    @cached_property
    def family(self) -> Family:
        return Family.objects.filter(council=self.council).order_by("pk").first()

    @cached_property
    def pilot(self) -> Pilot:
        return Pilot.objects.filter(councils=self.council).order_by("pk").first()

    def first(self, model: type[Model], **filters) -> Model:
        """The first object of a model matching the filters: for the arguments of a new URL."""
        found = model.objects.filter(**filters).order_by("pk").first()
        assert found is not None, f"the demo data has no {model.__name__} with {filters}: add it to the app's demo.py"
        return found

    @cached_property
    def personal_details(self) -> list[str]:
        """Every way a page could show a known person's name or date of birth."""
        found = {word for name, _ in KNOWN_PEOPLE for word in name.split()}
        for name, born_on in Person.objects.values_list("name", "date_of_birth"):
            if name:
                found.add(name)
            found |= {
                born_on.isoformat(),
                born_on.strftime("%d/%m/%Y"),
                f"{born_on.day} {born_on:%B %Y}",
                f"{born_on.day} {born_on:%b %Y}",
            }
        return sorted(found)
