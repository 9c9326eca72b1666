"""The example case file shown to council data officers (docs/example-case-file.xlsx).

Regenerate it after changing the format: `python -m families.examples docs/example-case-file.xlsx`.
"""

import sys
from datetime import date
from pathlib import Path


def example_sheets(key_worker: str = "") -> dict[str, list[dict]]:
    """Two families, one attached with a household and records of every kind, one only identified."""
    return {
        "families": [
            {
                "reference": "BHM-2012-0001",
                "identified_on": date(2012, 4, 16),
                "crime_asb": True,
                "education": True,
                "work": True,
                "local_discretion": "",
                "attached_on": date(2012, 5, 8),
                "key_worker": key_worker,
            },
            {
                "reference": "BHM-2012-0002",
                "identified_on": date(2012, 6, 4),
                "crime_asb": False,
                "education": True,
                "work": True,
                "local_discretion": "Domestic violence",
            },
        ],
        "people": [
            {
                "family_reference": "BHM-2012-0001",
                "person_reference": "1",
                "role": "adult",
                "date_of_birth": date(1979, 3, 2),
                "name": "Sample Parent",
            },
            {
                "family_reference": "BHM-2012-0001",
                "person_reference": "2",
                "role": "child",
                "date_of_birth": date(1998, 11, 20),
                "name": "Sample Child",
            },
            {
                "family_reference": "BHM-2012-0002",
                "person_reference": "1",
                "role": "adult",
                "date_of_birth": date(1985, 7, 9),
            },
        ],
        "school_terms": [
            {
                "family_reference": "BHM-2012-0001",
                "person_reference": "2",
                "term_start": date(2012, 9, 3),
                "term_end": date(2012, 12, 21),
                "unauthorised_absence_pct": 18.5,
                "fixed_exclusions": 1,
            },
            {
                "family_reference": "BHM-2012-0001",
                "person_reference": "2",
                "term_start": date(2013, 1, 7),
                "term_end": date(2013, 3, 28),
                "unauthorised_absence_pct": 9,
                "fixed_exclusions": 0,
            },
        ],
        "incidents": [
            {
                "family_reference": "BHM-2012-0001",
                "person_reference": "2",
                "kind": "asb",
                "occurred_on": date(2012, 2, 14),
            },
            {
                "family_reference": "BHM-2012-0001",
                "person_reference": "2",
                "kind": "offence",
                "occurred_on": date(2012, 3, 30),
            },
        ],
        "employment": [
            {
                "family_reference": "BHM-2012-0001",
                "person_reference": "1",
                "benefit": "jsa",
                "started_on": date(2013, 2, 4),
            },
        ],
        "work_programme": [
            {
                "family_reference": "BHM-2012-0001",
                "person_reference": "1",
                "provision": "work_programme",
                "referred_on": date(2012, 9, 17),
            },
        ],
    }


if __name__ == "__main__":
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "programme.settings")
    django.setup()  # the case file's sheets are read from the record kinds, which need the models

    from families.casefile import write_workbook

    Path(sys.argv[1]).write_bytes(write_workbook(example_sheets()))
