"""One import flow for every kind: upload, a dry run shown row by row, then confirm; all or nothing.

The dry run imports inside a transaction that is rolled back. Confirming imports the same file again in
one transaction: if any row is refused then, nothing is kept and the user is told which rows and why.
"""

import csv
import io
import zipfile
from dataclasses import dataclass

import tablib
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from common.exceptions import DomainError
from common.resources import ImportResource
from inventory.resources import CategoryResource, OpeningStockResource, PriceUpdateResource, ProductResource
from reports.choices import ImportStatus, RowStatus
from reports.models import ImportJob
from sales.resources import CustomerResource
from suppliers.resources import SupplierResource

IMPORT_KINDS: dict[str, type[ImportResource]] = {
    "categories": CategoryResource,
    "products": ProductResource,
    "prices": PriceUpdateResource,
    "opening-stock": OpeningStockResource,
    "suppliers": SupplierResource,
    "customers": CustomerResource,
}
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
ROW_STATUS = {"new": RowStatus.NEW, "update": RowStatus.UPDATE, "skip": RowStatus.SKIP}


def kinds_for(user) -> list[tuple[str, type[ImportResource]]]:
    return [(kind, cls) for kind, cls in IMPORT_KINDS.items() if user.has_perms(cls.import_permissions)]


@dataclass
class ImportFile:
    """The rows of an uploaded file under their column keys, and each row's line number in the file."""

    dataset: tablib.Dataset
    lines: list[int]
    ignored_columns: list[str]


def _rows_xlsx(content: bytes):
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as error:
        raise DomainError(_("This is not an Excel (.xlsx) file.")) from error
    try:
        yield from workbook.worksheets[0].iter_rows(values_only=True)
    finally:
        workbook.close()


def _rows_csv(content: bytes):
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise DomainError(_("The CSV file must be saved as UTF-8 or GBK text."))
    yield from csv.reader(io.StringIO(text, newline=""))


def import_file_read(*, content: bytes, file_name: str, resource_class: type[ImportResource]) -> ImportFile:
    """Read the first sheet of an .xlsx or a .csv: the first non-empty line is the header, empty lines
    are skipped and every row keeps its line number so that messages point at the right line."""
    if file_name.lower().endswith(".xlsx"):
        rows = _rows_xlsx(content)
    elif file_name.lower().endswith(".csv"):
        rows = _rows_csv(content)
    else:
        raise DomainError(_("Upload an Excel (.xlsx) or CSV (.csv) file."))
    headers, data, lines = None, [], []
    for line, values in enumerate(rows, start=1):
        values = list(values)
        if all(v is None or str(v).strip() == "" for v in values):
            continue
        if headers is None:
            while values and (values[-1] is None or str(values[-1]).strip() == ""):
                values.pop()
            headers = values
            continue
        if len(data) >= MAX_ROWS:
            raise DomainError(_("The file has more than %(count)s rows: split it.") % {"count": MAX_ROWS})
        values = (values + [None] * len(headers))[: len(headers)]
        data.append(values)
        lines.append(line)
    if headers is None:
        raise DomainError(_("The file is empty."))
    keys, unknown = resource_class.normalise_headers(headers)
    keys = [key or f"__column_{index}" for index, key in enumerate(keys, start=1)]
    if len(set(keys)) != len(keys):
        raise DomainError(_("Two columns of the file have the same heading."))
    dataset = tablib.Dataset(*data, headers=keys)
    return ImportFile(dataset=dataset, lines=lines, ignored_columns=[u for u in unknown if u])


def import_run(*, resource_class: type[ImportResource], file: ImportFile, user, dry_run: bool) -> dict:
    """Import the rows (``dry_run``: then roll back) and describe every row for the preview page."""
    resource = resource_class(user=user)
    missing = resource.missing_columns(file.dataset.headers)
    if missing:
        return _outcome(
            errors=[_("The file has no column “%(columns)s”.") % {"columns": "”, “".join(missing)}],
            file=file,
        )
    result = resource.import_data(
        file.dataset,
        dry_run=dry_run,
        raise_errors=False,
        use_transactions=True,
        rollback_on_validation_errors=True,
    )
    rows = []
    for row_result, values in zip(result.rows, file.dataset.dict, strict=True):
        line = file.lines[row_result.number - 1]
        messages = []
        if row_result.validation_error is not None:
            messages = resource.error_messages(row_result.validation_error)
        messages += [str(error.error) for error in row_result.errors]
        status = ROW_STATUS.get(row_result.import_type, RowStatus.ERROR)
        rows.append(
            {
                "line": line,
                "status": str(status),
                "row": resource.describe(values),
                "messages": messages,
                "changes": [list(change) for change in getattr(row_result, "changes", [])],
            }
        )
    return _outcome(
        rows=rows,
        errors=[str(error.error) for error in result.base_errors],
        file=file,
        links=[] if dry_run else resource.summary_links(),
    )


def _outcome(*, file: ImportFile, rows=(), errors=(), links=()) -> dict:
    totals = {str(status): 0 for status in RowStatus}
    for row in rows:
        totals[row["status"]] += 1
    return {
        "rows": list(rows),
        "totals": totals,
        "errors": list(errors),
        "ignored_columns": file.ignored_columns,
        "links": [list(link) for link in links],
        "ok": not errors and totals[RowStatus.ERROR] == 0,
    }


def _check_permission(kind: str, by) -> type[ImportResource]:
    resource_class = IMPORT_KINDS[kind]
    if not by.has_perms(resource_class.import_permissions):
        raise PermissionDenied
    return resource_class


def import_job_create(*, kind: str, file_name: str, content: bytes, by) -> ImportJob:
    """Keep the uploaded file and its dry run; nothing of the file is imported yet."""
    resource_class = _check_permission(kind, by)
    if len(content) > MAX_FILE_BYTES:
        raise DomainError(
            _("The file is larger than %(size)s MB.") % {"size": MAX_FILE_BYTES // (1024 * 1024)}
        )
    file = import_file_read(content=content, file_name=file_name, resource_class=resource_class)
    outcome = import_run(resource_class=resource_class, file=file, user=by, dry_run=True)
    return ImportJob.objects.create(
        kind=kind, file_name=file_name[:200], content=content, outcome=outcome, created_by=by
    )


class _RefusedError(Exception):
    def __init__(self, outcome):
        super().__init__("refused")
        self.outcome = outcome


def import_job_confirm(*, job: ImportJob, by) -> ImportJob:
    """Import the previewed file for real, all rows or none."""
    resource_class = _check_permission(job.kind, by)
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job.pk)
        if job.created_by_id != by.pk:
            raise PermissionDenied
        if job.status != ImportStatus.PREVIEWED:
            raise DomainError(_("This file has already been imported or refused; upload it again."))
        file = import_file_read(
            content=bytes(job.content), file_name=job.file_name, resource_class=resource_class
        )
        try:
            with transaction.atomic():
                outcome = import_run(resource_class=resource_class, file=file, user=by, dry_run=False)
                if not outcome["ok"]:
                    raise _RefusedError(outcome)
        except _RefusedError as refused:
            job.status, job.outcome = ImportStatus.REFUSED, refused.outcome
        else:
            job.status, job.outcome = ImportStatus.IMPORTED, outcome
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "outcome", "finished_at"])
    return job
