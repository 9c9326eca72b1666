"""Two people edit the same family: the second save is refused, and says where to see the first one's change."""

from families.models import Family
from tests.factories.families import FamilyFactory
from tests.families.test_family_forms import family_data


def test_the_second_of_two_edits_is_refused(client, alice, amir, council):
    family = FamilyFactory(council=council, reference="BHM-9", local_discretion="")
    client.force_login(alice)
    opened_by_alice = client.get(f"/families/{family.pk}/edit/").context["form"].initial["version"]
    client.force_login(amir)
    opened_by_amir = client.get(f"/families/{family.pk}/edit/").context["form"].initial["version"]
    assert opened_by_alice == opened_by_amir == 1

    saved = client.post(
        f"/families/{family.pk}/edit/",
        family_data(reference="BHM-9", local_discretion="Mental health", version=opened_by_amir),
    )
    assert saved.status_code == 302

    client.force_login(alice)
    refused = client.post(
        f"/families/{family.pk}/edit/",
        family_data(reference="BHM-9", local_discretion="Substance misuse", version=opened_by_alice),
    )
    assert refused.status_code == 409
    page = refused.content.decode()
    assert "Someone else changed this family while you were editing it" in page
    assert f'href="/families/{family.pk}/#history"' in page
    assert "Substance misuse" in page  # alice's input is kept for her to copy
    family.refresh_from_db()
    assert (family.local_discretion, family.version) == ("Mental health", 2)
    assert family.history.count() == 2  # created, and amir's change: nothing of alice's

    history = client.get(f"/families/{family.pk}/").content.decode()
    assert "Local factor: blank → Mental health" in history


def test_an_edit_without_a_version_is_refused(client, alice, council):
    family = FamilyFactory(council=council, reference="BHM-9")
    client.force_login(alice)
    response = client.post(f"/families/{family.pk}/edit/", family_data(reference="BHM-9", work=None))
    assert response.status_code == 409
    assert Family.objects.get().work is True
