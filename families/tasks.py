"""Loading a case file from the upload page, in the worker (docs/decisions/0006-background-tasks.md).

An upload is checked once, as a task: the file is read, every row parsed and checked, and compared with what is
stored (a dry run); the verdict (the problems, or what would change) is kept on the upload, and the review page
reads it from there. Confirming saves the file as a second task, through the same `import_case_file` as
`manage.py import_cases`, which checks it again against the database as it is then (another upload, or an edit,
may have changed it since). While a task works, it writes how many rows it has read on the upload, for the page.
"""

import logging
import time

from django.utils import timezone
from django_tasks import TaskResultStatus, default_task_backend, task
from django_tasks.exceptions import TaskResultDoesNotExist

from councils.models import User
from families.casefile import CaseFileUnreadable
from families.imports import CaseFileErrors, ImportResult, import_case_file
from families.models import CaseUpload

logger = logging.getLogger(__name__)

REFERENCES_KEPT = 500  # the review page lists at most this many references of each kind
PROGRESS_SECONDS = 0.5  # the progress on the upload is written at most this often


def start_check(upload: CaseUpload) -> None:
    """Queue the check of a new upload."""
    _enqueue(upload, check_upload, upload.pk)


def start_saving(upload: CaseUpload, by: User) -> bool:
    """Queue the saving of a checked upload that has no problems; False when it is not (or no longer) ready,
    e.g. a second press of Confirm."""
    ready = CaseUpload.objects.filter(pk=upload.pk, status=CaseUpload.Status.CHECKED, problem_count=0, unreadable="")
    if not ready.update(status=CaseUpload.Status.SAVING, rows_done=0):
        return False
    upload.status = CaseUpload.Status.SAVING
    _enqueue(upload, save_upload, upload.pk, by.pk)
    return True


def _enqueue(upload: CaseUpload, work, *args) -> None:
    result = work.enqueue(*args)
    upload.task_id = str(result.id)
    CaseUpload.objects.filter(pk=upload.pk, status=upload.status).update(task_id=upload.task_id)


def task_failed(upload: CaseUpload) -> bool:
    """The task at work on the upload ended without saying so on the upload (its worker was stopped mid-way)."""
    if not upload.is_working or not upload.task_id:
        return False
    try:
        result = default_task_backend.get_result(upload.task_id)
    except (NotImplementedError, TaskResultDoesNotExist):  # the immediate backend keeps no results
        return False
    return result.status == TaskResultStatus.FAILED


@task()
def check_upload(upload_pk: int) -> None:
    upload = CaseUpload.objects.select_related("council", "uploaded_by").filter(pk=upload_pk).first()
    if upload is not None:  # else removed while it waited (a day old, never confirmed)
        _run(upload, dry_run=True, user=upload.uploaded_by)


@task()
def save_upload(upload_pk: int, user_pk: int) -> None:
    upload = CaseUpload.objects.select_related("council").filter(pk=upload_pk).first()
    if upload is not None:
        _run(upload, dry_run=False, user=User.objects.filter(pk=user_pk).first())


def _run(upload: CaseUpload, *, dry_run: bool, user: User | None) -> None:
    changes: dict = {"rows_done": 0, "unreadable": "", "problems": [], "problem_count": 0, "result": None}
    try:
        result = import_case_file(
            upload.council,
            bytes(upload.content),
            filename=upload.filename,
            user=user,
            dry_run=dry_run,
            progress=_progress_of(upload),
        )
    except CaseFileUnreadable as error:
        changes.update(status=CaseUpload.Status.CHECKED, unreadable=str(error))
    except CaseFileErrors as errors:
        changes.update(
            status=CaseUpload.Status.CHECKED,
            problems=[[p.sheet, p.row, p.column, p.message] for p in errors.problems[: CaseUpload.PROBLEMS_KEPT]],
            problem_count=len(errors.problems),
        )
    except Exception:
        logger.exception("Case file upload %s could not be %s", upload.pk, "checked" if dry_run else "saved")
        CaseUpload.objects.filter(pk=upload.pk).update(status=CaseUpload.Status.FAILED)
        raise
    else:
        changes.update(result=_result_dict(result), rows_done=result.rows, rows_total=result.rows)
        if dry_run:
            changes["status"] = CaseUpload.Status.CHECKED
        else:
            # The content is now the families' own data: the upload keeps only what it did.
            changes.update(status=CaseUpload.Status.SAVED, saved_at=timezone.now(), saved_by=user, content=b"")
    if dry_run:
        changes["checked_at"] = timezone.now()
    CaseUpload.objects.filter(pk=upload.pk).update(**changes)


def _progress_of(upload: CaseUpload):
    """A `progress` for import_case_file that writes the rows read on the upload, at most every half second."""
    last = time.monotonic()

    def progress(rows: int) -> None:
        nonlocal last
        now = time.monotonic()
        if now - last >= PROGRESS_SECONDS:
            CaseUpload.objects.filter(pk=upload.pk).update(rows_done=rows)
            last = now

    return progress


def _result_dict(result: ImportResult) -> dict:
    return {
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "records": result.records,
        "rows": result.rows,
        "summary": result.summary,
        "created_references": result.created_references[:REFERENCES_KEPT],
        "updated_references": result.updated_references[:REFERENCES_KEPT],
    }
