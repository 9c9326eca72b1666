"""The Troubled Families budget as published: £448m over three years (2012/13 to 2014/15).

Only the total is public; the split between contributing departments is entered by an admin."""

from django.db import migrations


def seed(apps, schema_editor):
    ProgrammeBudget = apps.get_model("funding", "ProgrammeBudget")
    ProgrammeBudget.objects.get_or_create(
        name="Troubled Families 2012-15",
        defaults={
            "total": 448_000_000,
            "first_year": "2012/13",
            "last_year": "2014/15",
            "source": "£448m over three years, drawn from several departments' budgets",
        },
    )


class Migration(migrations.Migration):
    dependencies = [("funding", "0003_claim_line_council_guard")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
