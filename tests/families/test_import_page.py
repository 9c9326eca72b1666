"""The upload page: choose a file, see every problem or a preview, confirm."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from families.casefile import SHEETS, write_workbook, write_zip
from families.examples import example_sheets
from families.models import CaseUpload, Family

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def upload(client, content: bytes, name: str = "cases.xlsx"):
    return client.post("/families/import/", {"file": SimpleUploadedFile(name, content, XLSX)})


def test_a_good_file_is_checked_once_previewed_then_saved_on_confirmation(client, alice, django_assert_max_num_queries):
    client.force_login(alice)
    response = upload(client, write_workbook(example_sheets(key_worker=alice.email)))
    stored = CaseUpload.objects.get()
    assert response.status_code == 302 and response.url == f"/families/import/{stored.pk}/"
    assert stored.status == CaseUpload.Status.CHECKED and stored.result["created"] == 2
    assert stored.rows_done == stored.rows_total == 11

    stored.content = b"no longer a workbook"  # the review reads the kept verdict: it never parses the file again
    stored.save(update_fields=["content"])
    with django_assert_max_num_queries(8):
        preview = client.get(response.url)
    page = preview.content.decode()
    assert "Check and confirm cases.xlsx" in page and "Refresh" not in preview
    assert "BHM-2012-0001, BHM-2012-0002" in page
    assert not Family.objects.exists()

    CaseUpload.objects.filter(pk=stored.pk).update(content=write_workbook(example_sheets(key_worker=alice.email)))
    confirmed = client.post(response.url)
    assert confirmed.status_code == 302 and confirmed.url == response.url
    assert Family.objects.filter(council=alice.council).count() == 2
    assert Family.objects.get(reference="BHM-2012-0001").history.get().history_user == alice
    saved = CaseUpload.objects.get()
    assert saved.status == CaseUpload.Status.SAVED and saved.saved_by == alice and bytes(saved.content) == b""

    again = client.get(response.url).content.decode()  # going back shows what it did
    assert "cases.xlsx is loaded" in again
    assert "families: 2 created, 0 updated, 0 unchanged; records: 6" in again
    assert "Confirm and save" not in again
    assert client.post(response.url).status_code == 302  # a second confirmation saves nothing twice
    assert Family.objects.count() == 2
    assert "Saved" in client.get("/families/import/").content.decode()


def test_a_zip_of_csv_files_is_accepted_and_a_second_load_changes_nothing(client, alice):
    client.force_login(alice)
    content = write_zip(example_sheets())
    client.post(upload(client, content, "cases.zip").url)
    upload(client, content, "cases.zip")
    result = CaseUpload.objects.exclude(status=CaseUpload.Status.SAVED).get().result
    assert (result["created"], result["updated"], result["unchanged"]) == (0, 0, 2)


def test_a_bad_file_lists_every_problem_by_sheet_row_and_column(client, alice):
    sheets = example_sheets()
    sheets["families"][0]["identified_on"] = "someday"
    sheets["people"][2]["role"] = "lodger"
    client.force_login(alice)
    response = client.get(upload(client, write_workbook(sheets)).url)
    page = response.content.decode()
    assert "2 problems in cases.xlsx" in page
    assert CaseUpload.objects.get().problems == [
        ["families", 2, "identified_on", "'someday' is not a date: enter it as YYYY-MM-DD or DD/MM/YYYY"],
        ["people", 4, "role", "'lodger' is not one of adult, child"],
    ]
    assert "&#x27;lodger&#x27; is not one of adult, child" in page
    assert "Confirm and save" not in page
    assert client.post(f"/families/import/{CaseUpload.objects.get().pk}/").status_code == 302
    assert not Family.objects.exists()


def test_an_unreadable_file_says_so(client, alice):
    client.force_login(alice)
    response = client.get(upload(client, b"not a workbook").url)
    assert "The file cannot be read" in response.content.decode()


def test_a_file_at_work_shows_its_progress_and_reloads_itself(client, alice):
    stored = CaseUpload.objects.create(
        council=alice.council, uploaded_by=alice, filename="big.xlsx", content=b"x", rows_done=12000
    )
    client.force_login(alice)
    response = client.get(f"/families/import/{stored.pk}/")
    page = response.content.decode()
    assert "Checking big.xlsx" in page and "12,000 rows checked" in page and response["Refresh"] == "2"
    assert "Confirm and save" not in page
    assert client.post(f"/families/import/{stored.pk}/").status_code == 302  # not checked yet: nothing happens
    assert CaseUpload.objects.get().status == CaseUpload.Status.CHECKING

    CaseUpload.objects.filter(pk=stored.pk).update(status=CaseUpload.Status.SAVING, rows_total=42740)
    page = client.get(f"/families/import/{stored.pk}/").content.decode()
    assert "Saving big.xlsx" in page and "12,000 rows read of 42,740" in page


def test_a_task_that_breaks_says_nothing_was_saved(client, alice, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr("families.tasks.import_case_file", broken)
    client.force_login(alice)
    response = client.get(upload(client, write_workbook(example_sheets())).url)
    assert CaseUpload.objects.get().status == CaseUpload.Status.FAILED
    assert "cases.xlsx could not be checked" in response.content.decode() and "Refresh" not in response


def test_the_upload_form_says_what_is_wrong(client, alice):
    client.force_login(alice)
    response = client.post("/families/import/", {})
    assert response.context["form"].errors["file"] == ["Choose a case file to load"]
    response = upload(client, b"a,b", "cases.csv")
    assert response.context["form"].errors["file"] == [
        "The case file must be an Excel workbook (.xlsx) or a .zip of CSV files"
    ]


def test_another_councils_upload_is_not_found(client, alice, bob):
    client.force_login(bob)
    url = upload(client, write_workbook(example_sheets())).url
    client.force_login(alice)
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert not Family.objects.exists()


def test_the_template_has_every_sheet_and_column(client, alice):
    client.force_login(alice)
    response = client.get("/families/import/template.xlsx")
    assert response["Content-Type"] == XLSX
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    assert workbook.sheetnames == list(SHEETS)
    headings = next(workbook["people"].iter_rows(values_only=True))
    assert list(headings) == [column.name for column in SHEETS["people"]]
    example = load_workbook(io.BytesIO(client.get("/families/import/example.xlsx").content), read_only=True)
    assert len(list(example["families"].iter_rows(values_only=True))) == 3


def test_a_hostile_file_is_refused_on_review_and_confirmation_alike(client, alice):
    """The page and the command share one check: what the database would refuse is a problem here too."""
    sheets = example_sheets()
    sheets["people"][0]["name"] = "Sample\x00Adult"  # PostgreSQL refuses a NUL in text
    sheets["school_terms"][0]["fixed_exclusions"] = 99999  # past a small integer
    sheets["families"][1]["identified_on"] = "0001-01-01"
    client.force_login(alice)
    url = upload(client, write_zip(sheets), "cases.zip").url
    expected = [
        "families row 3, column identified_on: 0001-01-01 is before 1900: check the year",
        "people row 2, column name: contains a NUL character: text may not hold tabs, line breaks or other "
        "control characters",
        "school_terms row 2, column fixed_exclusions: 99999 is more than 32,767",
    ]
    review = client.get(url)
    stored = CaseUpload.objects.get()
    assert [f"{sheet} row {row}, column {column}: {message}" for sheet, row, column, message in stored.problems] == (
        expected
    )
    page = review.content.decode()
    assert "3 problems in cases.zip" in page
    assert "before 1900: check the year" in page and "99999 is more than 32,767" in page
    assert "Confirm and save" not in page
    confirmed = client.post(url)  # confirming anyway saves nothing and the verdict stays the same
    assert confirmed.status_code == 302
    assert CaseUpload.objects.get().problems == stored.problems
    assert not Family.objects.exists()


def test_a_file_past_the_upload_limit_is_refused_by_the_form(client, alice):
    client.force_login(alice)
    response = upload(client, b"\0" * (20 * 1024 * 1024 + 1), "cases.zip")
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [
        "The case file must be smaller than 20 MB: split it and load it in parts"
    ]
    assert not CaseUpload.objects.exists()
