"""Synthetic families for the demo councils, so that every page and every results rule has something to show.

The families are made up (seeded random, so every run makes the same ones) and loaded through the case-file
import, which makes a second run change nothing. They cover the programme's rules: ASB and offending in the six
months before attachment and less (or not) after it; three consecutive school terms after attachment, some good
and some not; adults moving off Jobseeker's Allowance or other benefits into work, some for long enough; referrals
to the Work Programme; families meeting fewer than three criteria; closed cases.
"""

import random
from datetime import date, timedelta

from councils.models import Council, User
from families.casefile import SHEETS, write_zip
from families.imports import import_case_file
from families.models import Family

# GSS code, reference prefix, number of families, the demo officer who is key worker
DEMO_COUNCILS = [("E08000025", "BHM", 120, "officer"), ("E08000003", "MCR", 40, "officer.manchester")]
LAST_DAY = date(2015, 3, 31)  # the demo stays inside the programme's years

FIRST_NAMES = [
    "Aisha",
    "Ben",
    "Callum",
    "Chantelle",
    "Darren",
    "Demi",
    "Ellie",
    "Faisal",
    "Grace",
    "Hamza",
    "Imran",
    "Jade",
    "Jordan",
    "Kayleigh",
    "Kyle",
    "Leah",
    "Liam",
    "Mohammed",
    "Nadia",
    "Owen",
    "Priya",
    "Reece",
    "Ryan",
    "Saima",
    "Shannon",
    "Tyler",
    "Usman",
    "Zara",
]
SURNAMES = [
    "Ahmed",
    "Begum",
    "Brown",
    "Clarke",
    "Evans",
    "Green",
    "Hussain",
    "Jones",
    "Khan",
    "Lewis",
    "Murphy",
    "Patel",
    "Roberts",
    "Smith",
    "Taylor",
    "Walker",
    "Williams",
    "Wilson",
    "Wright",
    "Young",
]
LOCAL_FACTORS = [
    "Domestic violence",
    "Child in need",
    "Parental mental health",
    "Substance misuse",
    "Parent on probation",
    "Child protection plan",
    "Risk of eviction",
]
CLOSURES = [
    "Outcomes achieved",
    "Moved out of the area",
    "Family declined further support",
    "Stepped down to early help",
]
TERMS = [((9, 3), (12, 20)), ((1, 7), (3, 28)), ((4, 15), (7, 19))]


def _between(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, max(0, (end - start).days)))


def _terms_from(start: date, count: int) -> list[tuple[date, date]]:
    """`count` consecutive school terms, the first starting on or after `start`."""
    terms = []
    year = start.year - 1
    while len(terms) < count:
        for index, (first, last) in enumerate(TERMS):
            term_year = year if index == 0 else year + 1
            term = (date(term_year, *first), date(term_year, *last))
            if term[0] >= start and len(terms) < count:
                terms.append(term)
        year += 1
    return terms


def family_sheets(rng: random.Random, prefix: str, count: int, key_worker: str) -> dict[str, list[dict]]:
    sheets: dict[str, list[dict]] = {name: [] for name in SHEETS}
    for number in range(1, count + 1):
        identified = _between(rng, date(2012, 4, 2), date(2014, 6, 30))
        reference = f"{prefix}-{identified.year}-{number:04d}"
        crime, education, work = rng.random() < 0.8, rng.random() < 0.75, rng.random() < 0.8
        local = rng.choice(LOCAL_FACTORS) if rng.random() < 0.45 else ""
        while not Family.troubled_by(Family.count_criteria(crime, education, work, local)) and rng.random() < 0.9:
            crime, education, work = crime or rng.random() < 0.5, education or rng.random() < 0.5, True
        attached = identified + timedelta(days=rng.randint(5, 70)) if rng.random() < 0.85 else None
        closed = None
        if attached and rng.random() < 0.2:
            closed = min(attached + timedelta(days=rng.randint(180, 540)), LAST_DAY)
        sheets["families"].append(
            {
                "reference": reference,
                "identified_on": identified,
                "crime_asb": crime,
                "education": education,
                "work": work,
                "local_discretion": local,
                "attached_on": attached,
                "key_worker": key_worker if attached and rng.random() < 0.7 else "",
                "closed_on": closed,
            }
        )
        surname = rng.choice(SURNAMES)
        adults = [f"A{i}" for i in range(1, rng.choice([1, 1, 2]) + 1)]
        children = [f"C{i}" for i in range(1, rng.randint(1, 4) + 1)]
        people = {}
        for ref in adults:
            people[ref] = _between(rng, date(1966, 1, 1), date(1992, 12, 31))
        for ref in children:
            people[ref] = _between(rng, date(1996, 9, 1), date(2009, 8, 31))
        for ref, born in people.items():
            sheets["people"].append(
                {
                    "family_reference": reference,
                    "person_reference": ref,
                    "role": "adult" if ref.startswith("A") else "child",
                    "date_of_birth": born,
                    "name": f"{rng.choice(FIRST_NAMES)} {surname}",
                }
            )
        start = attached or identified
        improving = rng.random() < 0.6
        if crime:
            for _ in range(rng.randint(1, 4)):  # the baseline: six months before attachment
                who = rng.choice(adults + children)
                occurred = _between(rng, start - timedelta(days=175), start - timedelta(days=1))
                sheets["incidents"].append(_record(reference, who, kind="asb", occurred_on=occurred))
            teenager = next((c for c in children if (start - people[c]).days > 12 * 365), None)
            if teenager:
                for _ in range(rng.randint(1, 3)):
                    occurred = _between(rng, start - timedelta(days=175), start - timedelta(days=1))
                    sheets["incidents"].append(_record(reference, teenager, kind="offence", occurred_on=occurred))
            if attached:
                for _ in range(0 if improving else rng.randint(1, 3)):
                    occurred = _between(rng, attached + timedelta(days=200), attached + timedelta(days=360))
                    if occurred <= LAST_DAY:
                        sheets["incidents"].append(
                            _record(reference, rng.choice(adults), kind="asb", occurred_on=occurred)
                        )
        if education and attached:
            for child in children:
                if (attached - people[child]).days < 5 * 365:
                    continue  # not yet of school age
                for term_start, term_end in _terms_from(attached, 3):
                    if term_end > LAST_DAY:
                        break
                    absence = rng.choice([2, 4.5, 8, 11]) if improving else rng.choice([16, 22.5, 31])
                    sheets["school_terms"].append(
                        _record(
                            reference,
                            child,
                            term_start=term_start,
                            term_end=term_end,
                            unauthorised_absence_pct=absence,
                            fixed_exclusions=0 if improving else rng.randint(0, 2),
                            permanently_excluded=False,
                        )
                    )
        if work and attached:
            adult = adults[0]
            if rng.random() < 0.45:
                started = _between(rng, attached + timedelta(days=30), attached + timedelta(days=300))
                if started <= LAST_DAY:
                    ended = started + timedelta(weeks=rng.choice([6, 10])) if rng.random() < 0.3 else None
                    ended = ended if ended and ended <= LAST_DAY else None
                    benefit = rng.choice(["jsa", "jsa", "esa", "is"])
                    sheets["employment"].append(
                        _record(reference, adult, benefit=benefit, started_on=started, ended_on=ended)
                    )
            if rng.random() < 0.4:
                referred = _between(rng, attached + timedelta(days=14), attached + timedelta(days=200))
                if referred <= LAST_DAY:
                    provision = "work_programme" if rng.random() < 0.75 else "esf"
                    sheets["work_programme"].append(
                        _record(reference, adult, provision=provision, referred_on=referred)
                    )
    return sheets


def _record(family: str, person: str, **values) -> dict:
    return {"family_reference": family, "person_reference": person, **values}


def seed(stdout) -> None:
    for gss_code, prefix, count, username in DEMO_COUNCILS:
        council = Council.objects.filter(gss_code=gss_code).first()
        if council is None:
            continue
        worker = User.objects.filter(username=username, council=council).first()
        sheets = family_sheets(random.Random(f"families-{gss_code}"), prefix, count, worker.email if worker else "")
        result = import_case_file(council, write_zip(sheets), filename="demo.zip", today=LAST_DAY)
        closed = Family.objects.filter(council=council, closed_on__isnull=False, closure_reason="")
        for index, family in enumerate(closed.order_by("reference")):
            family.closure_reason = CLOSURES[index % len(CLOSURES)]
            family.version += 1
            family.save(update_fields=["closure_reason", "version"])
        stdout.write(f"  {council.name} demo {result.summary}")
