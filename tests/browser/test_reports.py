from decimal import Decimal, InvalidOperation

import openpyxl
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _number(text):
    """A figure as the page shows it ("1,234.50") or as Excel holds it, as a Decimal; else the text."""
    if text is None:
        return ""
    if isinstance(text, int | float | Decimal):
        return Decimal(str(text))
    cleaned = str(text).strip().replace(",", "")
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        return str(text).strip()


def test_stock_cost_report_exported_to_excel_has_the_figures_of_the_page(new_page, people, shop, tmp_path):
    keeper = login(new_page(), people["warehouse_keeper"])
    keeper.goto("/reports/")
    keeper.get_by_role("link", name="Stock cost analysis").first.click()
    expect(keeper.locator("h1")).to_have_text("Stock cost analysis")

    table = keeper.locator("#report-table")
    rows = table.locator("tbody tr")
    expect(rows).to_have_count(2)
    # The header names, without the arrow of the column the table is sorted by.
    headers = [text.strip(" ▲▼") for text in table.locator("thead th").all_inner_texts()]
    assert headers[-4:] == ["Products", "On hand", "Value", "Average cost"], headers
    page_rows = [[_number(text) for text in row.locator("td").all_inner_texts()] for row in rows.all()]
    # The opening stock: 10 bolts at 2.00 and 20 nuts at 1.00, each product in a category of its own.
    by_category = {row[0]: row[1:] for row in page_rows}
    assert by_category[str(shop["bolts"].category)] == [1, 10, Decimal("20.00"), Decimal("2.0000")]
    assert by_category[str(shop["nuts"].category)] == [1, 20, Decimal("20.00"), Decimal("1.0000")]
    expect(table.locator("tfoot")).to_contain_text("40.00")

    with keeper.expect_download() as download_info:
        keeper.get_by_role("link", name="Export to Excel").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    path = tmp_path / download.suggested_filename
    download.save_as(path)

    sheet = openpyxl.load_workbook(path, read_only=True).active
    sheet_rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    # The header row of the workbook is the header of the table on the page, word for word.
    header_index = next(
        (
            i
            for i, row in enumerate(sheet_rows)
            if [str(v or "").strip() for v in row[: len(headers)]] == headers
        ),
        None,
    )
    assert header_index is not None, (headers, sheet_rows[:5])
    data = [
        [_number(value) for value in row[: len(headers)]]
        for row in sheet_rows[header_index + 1 :]
        if row and row[0] not in (None, "") and str(row[0]) in by_category
    ]
    assert sorted(data, key=str) == sorted(page_rows, key=str)
