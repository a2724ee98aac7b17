"""The Excel export holds exactly what the table shows, as numbers and dates, and never a formula."""

import datetime
import io
from decimal import Decimal

import pytest
from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst
from openpyxl import load_workbook

from inventory.choices import MoveType
from inventory.models import Product
from inventory.services import DocumentRef, MoveSpec, stock_moves_post
from reports.definitions.stock import StockCostReport, StockListReport
from reports.excel import neutralise, xlsx_write
from reports.framework import Column
from tests.factories import ProductFactory
from tests.reports.conftest import html_table, receive, workbook_rows

pytestmark = pytest.mark.django_db

PREFIXES = ["=", "+", "-", "@", "\t", "\r"]


def html_number(text):
    return Decimal(text.replace(",", "")) if text else None


def assert_row_equals_html(columns, cells, html_cells):
    assert len(cells) == len(html_cells) == len(columns)
    for column, cell, text in zip(columns, cells, html_cells, strict=True):
        if column.numeric:
            if text == "":
                assert cell.value is None
                continue
            assert cell.data_type == "n", column.key
            assert Decimal(str(cell.value)) == html_number(text), column.key
            assert cell.number_format == (
                "#,##0"
                if column.kind == "quantity" and cell.value == int(cell.value)
                else column.excel_format
            )
        elif column.kind == "date":
            if text == "":
                assert cell.value is None
                continue
            assert cell.is_date
            assert isinstance(cell.value, datetime.datetime)
            assert date_filter(cell.value.date(), "SHORT_DATE_FORMAT") == text
        else:
            assert (cell.value or "") == text, column.key


@pytest.mark.parametrize(
    ("url_name", "query"),
    [
        ("stock-list", {}),
        ("stock-list", {"sort": "-value"}),
        ("stock-cost", {"group_by": "warehouse_category", "sort": "category"}),
        ("stock-cost", {"group_by": "category"}),
    ],
)
def test_export_equals_the_html_table(stock, user_in_role, client_for, url_name, query):
    client = client_for(user_in_role("warehouse_keeper"))
    page = client.get(reverse(f"reports:{url_name}"), query)
    columns = page.context["columns"]
    html = html_table(page)
    export = client.get(reverse(f"reports:{url_name}-export"), query)
    assert export.status_code == 200
    assert export["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert f"{url_name}-" in export["Content-Disposition"]
    assert ".xlsx" in export["Content-Disposition"]
    sheet, rows = workbook_rows(export)
    header, *body, total = rows
    assert sheet.freeze_panes == "A2"
    assert [cell.value for cell in header] == [capfirst(str(c.label)) for c in columns]
    assert all(cell.font.b for cell in header)
    assert [capfirst(str(c.label)) for c in columns] == [h.rstrip(" ▲▼") for h in html["head"][0]]
    assert len(body) == len(html["body"]) > 0
    for cells, html_cells in zip(body, html["body"], strict=True):
        assert_row_equals_html(columns, cells, html_cells)
    (html_total,) = html["foot"]
    assert total[0].value == html_total[0] == "Total"
    assert_row_equals_html(columns[1:], total[1:], html_total[1:])


def test_export_has_every_row_not_just_one_page(stock, user_in_role, client_for, monkeypatch):
    monkeypatch.setattr(StockListReport, "page_size", 2)
    client = client_for(user_in_role("warehouse_keeper"))
    assert len(html_table(client.get(reverse("reports:stock-list")))["body"]) == 2
    _sheet, rows = workbook_rows(client.get(reverse("reports:stock-list-export")))
    assert len(rows) == 1 + 6 + 1  # header, every row, totals


def test_export_dates_are_dates_and_widths_are_set(stock, user_in_role, client_for):
    client = client_for(user_in_role("warehouse_keeper"))
    sheet, rows = workbook_rows(client.get(reverse("reports:stock-list-export"), {"q": "milk"}))
    header = [cell.value for cell in rows[0]]
    expiry = rows[1][header.index("Earliest expiry")]
    assert expiry.is_date
    assert expiry.value.date() == datetime.date(2027, 3, 1)
    assert expiry.number_format == "yyyy-mm-dd"
    assert sheet.column_dimensions["A"].width >= 10
    assert sheet.column_dimensions["B"].width == 30  # the product name column declares its width


@pytest.mark.parametrize("prefix", PREFIXES)
def test_neutralise_each_dangerous_prefix(prefix):
    assert neutralise(f"{prefix}SUM(A1:A9)") == f"'{prefix}SUM(A1:A9)"


@pytest.mark.parametrize("text", ["SUM(A1)", "Apple = fruit", "a-b", "", "'quoted"])
def test_neutralise_leaves_harmless_text_alone(text):
    assert neutralise(text) == text


@pytest.mark.parametrize("prefix", PREFIXES)
def test_exported_text_starting_with_a_formula_prefix_stays_text(stock, user_in_role, client_for, prefix):
    name = f'{prefix}HYPERLINK("http://evil.example","x")'
    product = ProductFactory(sku=f"Z-{PREFIXES.index(prefix)}", name=name)
    receive(product, stock["locations"]["north_a"], "1", "1.00", by=stock["user"])
    client = client_for(user_in_role("warehouse_keeper"))
    _sheet, rows = workbook_rows(client.get(reverse("reports:stock-list-export"), {"q": product.sku}))
    cell = rows[1][1]
    assert cell.data_type == "s"
    assert isinstance(cell.value, str)
    assert cell.value.startswith("'")
    # XML parsers read a lone carriage return back as a line feed; the text is otherwise intact.
    assert cell.value[1:] in (name, name.replace("\r", "\n"))


def test_xlsx_write_neutralises_headers_and_writes_numbers_dates_and_totals():
    columns = [
        Column("name", "=name"),
        Column("day", "day", kind="date"),
        Column("amount", "amount", kind="money", total=True),
        Column("qty", "qty", kind="quantity", total=True),
    ]
    target = io.BytesIO()
    xlsx_write(
        target,
        title="A: report/with*odd?chars",
        columns=columns,
        rows=[
            ["-1+2", datetime.date(2026, 5, 1), Decimal("1234.50"), Decimal("2.500")],
            ["@me", None, Decimal("0.00"), Decimal("3.000")],
        ],
        totals=[None, None, Decimal("1234.50"), Decimal("5.500")],
    )
    sheet = load_workbook(io.BytesIO(target.getvalue())).worksheets[0]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows == [
        ["'=name", "Day", "Amount", "Qty"],
        ["'-1+2", datetime.datetime(2026, 5, 1), 1234.5, 2.5],  # noqa: DTZ001 - Excel has no time zones
        ["'@me", None, 0, 3],
        ["Total", None, 1234.5, 5.5],
    ]
    assert sheet["C2"].number_format == "#,##0.00"
    assert sheet["D2"].number_format == "#,##0.###"
    assert sheet["D3"].number_format == "#,##0"
    assert sheet.title == "A  report with odd chars"


def test_a_large_export_streams_every_row_from_a_file(stock, user_in_role, client_for):
    """More rows than one database chunk (2,000): the export reads them in chunks and streams a file."""
    apple = stock["products"]["apple"]
    products = Product.objects.bulk_create(
        Product(sku=f"BULK-{n:05d}", name=f"Bulk {n}", category=apple.category, unit=apple.unit)
        for n in range(2100)
    )
    location = stock["locations"]["south_a"]
    stock_moves_post(
        moves=[
            MoveSpec(p.pk, location.pk, Decimal("1"), MoveType.RECEIPT, unit_cost=Decimal("2"))
            for p in products
        ],
        document=DocumentRef("tests.receipt", 2, "TEST-BULK"),
        by=stock["user"],
    )
    client = client_for(user_in_role("warehouse_keeper"))
    export = client.get(reverse("reports:stock-list-export"))
    assert export.streaming
    _sheet, rows = workbook_rows(export)
    assert len(rows) == 1 + 6 + 2100 + 1
    assert [cell.value for cell in rows[-1]][6] == 42.5 + 2100  # the totals row: on hand
    assert rows[-1][10].value == 133.5 + 4200  # value


def test_export_headers_are_in_the_users_language(stock, user_in_role, client_for):
    client = client_for(user_in_role("warehouse_keeper"))
    client.cookies["django_language"] = "zh-hans"
    _sheet, rows = workbook_rows(client.get(reverse("reports:stock-cost-export"), {"group_by": "warehouse"}))
    with translation.override("zh-hans"):
        expected = [capfirst(str(c.label)) for c in StockCostReport({"group_by": "warehouse"}).get_columns()]
        total = str(translation.gettext("Total"))
    assert [cell.value for cell in rows[0]] == expected
    assert rows[-1][0].value == total
