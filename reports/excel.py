"""Excel files written row by row (openpyxl write-only), so a large report never sits in memory.

Numbers are written as numbers with a number format, dates as dates, and every text that a spreadsheet
could take for a formula is neutralised first.
"""

import re
import tempfile
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal

from django.http import FileResponse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
BOLD = Font(bold=True)


def neutralise(text: str) -> str:
    """Text a spreadsheet would run as a formula (=, +, -, @, tab, carriage return) gets a leading '."""
    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    return f"'{text}" if text.startswith(FORMULA_PREFIXES) else text


def _cell(sheet, column, value, *, bold=False) -> WriteOnlyCell:
    if isinstance(value, str):
        cell = WriteOnlyCell(sheet, value=neutralise(value))
    elif isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.make_naive(value)
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = column.excel_format or "yyyy-mm-dd hh:mm"
    elif isinstance(value, date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = column.excel_format or "yyyy-mm-dd"
    elif isinstance(value, int | Decimal | float) and not isinstance(value, bool):
        cell = WriteOnlyCell(sheet, value=value)
        number_format = column.excel_format or "General"
        if number_format == "#,##0.###" and value == int(value):
            number_format = "#,##0"  # a whole quantity shows no dangling decimal point
        cell.number_format = number_format
    else:
        cell = WriteOnlyCell(sheet, value=None if value is None else neutralise(str(value)))
    if bold:
        cell.font = BOLD
    return cell


def sheet_title(title: str) -> str:
    return SHEET_TITLE_FORBIDDEN.sub(" ", str(title)).strip()[:31] or "Sheet1"


def xlsx_write(
    target,
    *,
    title: str,
    columns: Sequence,
    rows: Iterable[Sequence],
    totals: Sequence | None = None,
) -> None:
    """Write a header row (frozen), the rows and an optional totals row to ``target`` (a path or file).

    ``columns`` are objects with ``label``, ``excel_format`` and ``excel_width`` (``reports.framework.
    Column``); each row holds one prepared value per column.
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title(title))
    sheet.freeze_panes = "A2"
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.excel_width
    sheet.append([_cell(sheet, column, capfirst(str(column.label)), bold=True) for column in columns])
    for row in rows:
        sheet.append([_cell(sheet, column, value) for column, value in zip(columns, row, strict=True)])
    if totals is not None:
        cells = [
            _cell(sheet, column, value, bold=True) for column, value in zip(columns, totals, strict=True)
        ]
        if totals and totals[0] is None:
            cells[0] = _cell(sheet, columns[0], _("Total"), bold=True)
        sheet.append(cells)
    workbook.save(target)


def xlsx_response(*, filename: str, **content) -> FileResponse:
    """Write the workbook to a temporary file on disk and stream it; memory stays flat."""
    file = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - FileResponse closes it
    try:
        xlsx_write(file, **content)
        file.seek(0)
    except BaseException:
        file.close()
        raise
    return FileResponse(file, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE)
