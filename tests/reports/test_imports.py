"""Imports: a preview before anything is written, all rows or none, named refusals, idempotent re-imports."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from common.choices import PaymentTerms
from inventory.choices import OpeningStockStatus
from inventory.models import Category, OpeningStock, OpeningStockLine, Product, StockBalance
from inventory.services import opening_stock_post, warehouse_create
from reports.choices import ImportStatus
from reports.models import ImportJob
from sales.models import Customer
from suppliers.models import Supplier
from tests.factories import CategoryFactory, ProductFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


def xlsx_file(rows, name="upload.xlsx"):
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def csv_file(text, name="upload.csv", encoding="utf-8"):
    return SimpleUploadedFile(name, text.encode(encoding))


def upload(client, kind, file):
    """Upload a file; return the preview page (after the redirect) and the job."""
    response = client.post(reverse(f"imports:{kind}"), {"file": file})
    assert response.status_code == 302, response.content.decode()[:2000]
    job = ImportJob.objects.latest("id")
    assert response["Location"] == reverse("imports:job", args=[job.pk])
    return client.get(response["Location"]), job


def confirm(client, job):
    response = client.post(reverse("imports:confirm", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    return client.get(response["Location"]), job


def preview_rows(job):
    return {row["line"]: row for row in job.outcome["rows"]}


@pytest.fixture
def clerk(user_in_role, client_for):
    return client_for(user_in_role("purchasing_clerk"))


@pytest.fixture
def catalogue(db):
    food = CategoryFactory(name="Food")
    CategoryFactory(name="Fruit", parent=food)
    UnitFactory(code="kg", name="kg", is_fractional=True)
    UnitFactory(code="pcs", name="pcs")


PRODUCT_ROWS = [
    ["SKU", "Name", "Category", "Unit", "Purchase price", "Retail price", "Lot tracked"],
    ["P-1", "Apple", "Food / Fruit", "kg", 5.2, "8.00", "no"],
    ["P-2", "Bread", "Food", "pcs", 3, 4.5, ""],
    ["P-3", "Pear", "Fruit", "kg", "2.10", 3.3, "yes"],
]


def test_upload_shows_a_preview_and_writes_nothing(catalogue, clerk):
    page, job = upload(clerk, "products", xlsx_file(PRODUCT_ROWS))
    assert Product.objects.count() == 0
    assert job.status == ImportStatus.PREVIEWED
    assert job.outcome["totals"] == {"new": 3, "update": 0, "skip": 0, "error": 0}
    content = page.content.decode()
    assert "Nothing has been saved yet" in content
    assert reverse("imports:confirm", args=[job.pk]) in content
    assert [row["status"] for row in job.outcome["rows"]] == ["new", "new", "new"]


def test_confirm_imports_every_row(catalogue, clerk):
    _page, job = upload(clerk, "products", xlsx_file(PRODUCT_ROWS))
    page, job = confirm(clerk, job)
    assert job.status == ImportStatus.IMPORTED
    assert "Imported: 3 new, 0 updated, 0 unchanged." in page.content.decode()
    apple = Product.objects.get(sku="P-1")
    assert (apple.name, apple.category.name, apple.unit.code) == ("Apple", "Fruit", "kg")
    assert (apple.purchase_price, apple.sale_price, apple.is_lot_tracked) == (
        Decimal("5.20"),
        Decimal("8.00"),
        False,
    )
    assert Product.objects.get(sku="P-3").is_lot_tracked is True
    assert Product.objects.get(sku="P-2").wholesale_price == Decimal("0")  # no column: the default


def test_a_bad_row_changes_nothing_and_the_preview_names_the_row_and_reason(catalogue, clerk):
    ProductFactory(sku="P-2", name="Old bread", category=Category.objects.get(name="Food"))
    rows = [
        PRODUCT_ROWS[0],
        PRODUCT_ROWS[1],
        ["P-2", "Bread", "Food", "pcs", 3, 4.5, ""],
        [],  # an empty line is skipped but counted, so line numbers match the spreadsheet
        ["P-9", "Plum", "Vegetables", "kg", "abc", 1, "maybe"],
    ]
    before = list(Product.objects.values_list("sku", "name", "purchase_price").order_by("sku"))
    page, job = upload(clerk, "products", xlsx_file(rows))
    outcome = job.outcome
    assert outcome["ok"] is False
    assert outcome["totals"] == {"new": 1, "update": 1, "skip": 0, "error": 1}
    bad = preview_rows(job)[5]
    assert bad["status"] == "error"
    assert "Category: There is no category “Vegetables”." in bad["messages"]
    assert "Purchase price: “abc” is not a number." in bad["messages"]
    assert "Lot tracked: Enter yes or no, not “maybe”." in bad["messages"]
    content = page.content.decode()
    assert 'data-line="5" data-status="error"' in content
    assert "There is no category “Vegetables”" in content
    assert reverse("imports:confirm", args=[job.pk]) not in content  # no confirm button

    # Confirming anyway (a forged POST) imports nothing and says why.
    page, job = confirm(clerk, job)
    assert job.status == ImportStatus.REFUSED
    assert list(Product.objects.values_list("sku", "name", "purchase_price").order_by("sku")) == before
    assert "Nothing was imported: 1 rows are refused." in page.content.decode()
    assert "There is no category “Vegetables”" in page.content.decode()


def test_a_row_refused_only_at_confirmation_rolls_back_the_rows_before_it(catalogue, clerk):
    _page, job = upload(clerk, "products", xlsx_file(PRODUCT_ROWS))
    # Between preview and confirmation someone deletes a category the last row needs.
    Category.objects.filter(name="Fruit").delete()
    _page, job = confirm(clerk, job)
    assert job.status == ImportStatus.REFUSED
    assert Product.objects.count() == 0
    refused = [row for row in job.outcome["rows"] if row["status"] == "error"]
    assert {row["line"] for row in refused} == {2, 4}


def test_reimporting_the_same_file_changes_nothing(catalogue, clerk):
    _page, job = upload(clerk, "products", xlsx_file(PRODUCT_ROWS))
    confirm(clerk, job)
    snapshot = list(Product.objects.order_by("sku").values())

    _page, again = upload(clerk, "products", xlsx_file(PRODUCT_ROWS))
    assert again.outcome["totals"] == {"new": 0, "update": 0, "skip": 3, "error": 0}
    page, again = confirm(clerk, again)
    assert again.status == ImportStatus.IMPORTED
    assert "Imported: 0 new, 0 updated, 3 unchanged." in page.content.decode()
    assert list(Product.objects.order_by("sku").values()) == snapshot


def test_an_update_lists_what_changes(catalogue, clerk):
    _page, job = upload(clerk, "products", xlsx_file(PRODUCT_ROWS))
    confirm(clerk, job)
    changed = [PRODUCT_ROWS[0], ["P-1", "Apple", "Food / Fruit", "kg", 5.2, "9.50", "no"]]
    page, job = upload(clerk, "products", xlsx_file(changed))
    (row,) = job.outcome["rows"]
    assert row["status"] == "update"
    assert row["changes"] == [["Retail price", "8", "9.5"]]
    assert "Retail price" in page.content.decode()


def test_csv_in_gbk_with_key_headers(catalogue, clerk):
    text = "sku,name,category,unit\nP-7,红富士苹果,Fruit,kg\n"
    _page, job = upload(clerk, "products", csv_file(text, encoding="gbk"))
    confirm(clerk, job)
    assert Product.objects.get(sku="P-7").name == "红富士苹果"


def test_missing_required_column_is_a_file_error(catalogue, clerk):
    _page, job = upload(clerk, "products", csv_file("sku,name\nP-1,Apple\n"))
    assert job.outcome["ok"] is False
    assert job.outcome["errors"] == ["The file has no column “Category”, “Unit”."]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("a.txt", b"sku\n", "Upload an Excel (.xlsx) or CSV (.csv) file."),
        ("a.xlsx", b"not a zip", "This is not an Excel (.xlsx) file."),
        ("a.csv", b"", "The submitted file is empty."),
        ("a.csv", b"\n ,\n", "The file is empty."),
    ],
)
def test_unreadable_files_are_refused_on_the_upload_page(clerk, name, content, message):
    response = clerk.post(reverse("imports:products"), {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ImportJob.objects.exists()


def test_price_update_refuses_unknown_skus_and_keeps_empty_prices(catalogue, clerk):
    ProductFactory(
        sku="P-1", purchase_price=Decimal("5.00"), sale_price=Decimal("8.00"), wholesale_price=Decimal("7")
    )
    rows = [["SKU", "Purchase price", "Retail price"], ["P-1", "", 9], ["NOPE", 1, 2]]
    _page, job = upload(clerk, "prices", xlsx_file(rows))
    assert preview_rows(job)[3]["messages"] == ["SKU: There is no product with SKU “NOPE”."]
    assert preview_rows(job)[2]["status"] == "update"
    confirm(clerk, job)
    assert Product.objects.get(sku="P-1").sale_price == Decimal("8.00")  # refused file: unchanged

    _page, job = upload(clerk, "prices", xlsx_file(rows[:2]))
    confirm(clerk, job)
    product = Product.objects.get(sku="P-1")
    assert (product.purchase_price, product.sale_price, product.wholesale_price) == (
        Decimal("5.00"),
        Decimal("9.00"),
        Decimal("7.00"),
    )
    assert not Product.objects.filter(sku="NOPE").exists()


def test_categories_by_name_and_parent_path(clerk):
    rows = [["name", "parent"], ["Food", ""], ["Fruit", "Food"], ["Apples", "Food / Fruit"], ["Fruit", ""]]
    _page, job = upload(clerk, "categories", xlsx_file(rows))
    assert job.outcome["totals"]["new"] == 4
    confirm(clerk, job)
    assert Category.objects.get(name="Apples").parent.parent.name == "Food"
    _page, again = upload(clerk, "categories", xlsx_file(rows))
    assert again.outcome["totals"] == {"new": 0, "update": 0, "skip": 4, "error": 0}
    # "Fruit" is now ambiguous (a top-level one and one under Food): the path is asked for.
    _page, ambiguous = upload(clerk, "categories", xlsx_file([["name", "parent"], ["Pears", "Fruit"]]))
    assert "write its path" in ambiguous.outcome["rows"][0]["messages"][0]


def test_suppliers_with_supply_scope_and_payment_terms_by_label(catalogue, clerk):
    rows = [
        ["code", "name", "payment terms", "supply scope", "email"],
        ["S-1", "Fruit Co.", "Net 60 days", "Food / Fruit; Food", "a@example.com"],
        ["S-2", "Drinks Ltd.", "net15", "", "not-an-email"],
    ]
    _page, job = upload(clerk, "suppliers", xlsx_file(rows))
    assert preview_rows(job)[3]["messages"] == ["E-mail: Enter a valid email address."]
    rows[2][4] = ""
    _page, job = upload(clerk, "suppliers", xlsx_file(rows))
    confirm(clerk, job)
    supplier = Supplier.objects.get(code="S-1")
    assert supplier.payment_terms == PaymentTerms.NET_60
    assert sorted(c.name for c in supplier.supply_scope.all()) == ["Food", "Fruit"]
    _page, again = upload(clerk, "suppliers", xlsx_file(rows))
    assert again.outcome["totals"]["skip"] == 2


def test_customers_import_for_the_sales_clerk_only(user_in_role, client_for, clerk):
    rows = [["code", "name", "customer type", "credit limit"], ["C-1", "Shop", "Retail", "1,000.50"]]
    assert clerk.get(reverse("imports:customers")).status_code == 403
    sales = client_for(user_in_role("sales_clerk"))
    assert sales.get(reverse("imports:products")).status_code == 403
    _page, job = upload(sales, "customers", xlsx_file(rows))
    confirm(sales, job)
    customer = Customer.objects.get(code="C-1")
    assert (customer.customer_type, customer.credit_limit) == ("retail", Decimal("1000.50"))


def test_opening_stock_goes_to_a_draft_document_and_is_posted_by_approval(
    catalogue, user_in_role, client_for
):
    keeper = user_in_role("warehouse_keeper")
    client = client_for(keeper)
    warehouse = warehouse_create(code="WH1", name="Main")
    ProductFactory(sku="P-1", unit=UnitFactory(code="kg"))
    ProductFactory(sku="P-2", unit=UnitFactory(code="pcs"), is_lot_tracked=True)
    rows = [
        ["warehouse code", "location code", "SKU", "lot number", "expiry date", "quantity", "unit cost"],
        ["WH1", "", "P-1", "", None, 12.5, 4],
        ["WH1", "DEFAULT", "P-2", "L-9", datetime.date(2027, 1, 31), 10, "2.5"],
    ]
    _page, job = upload(client, "opening-stock", xlsx_file(rows))
    assert not OpeningStock.objects.exists()  # the preview made no document
    page, job = confirm(client, job)
    assert job.status == ImportStatus.IMPORTED
    document = OpeningStock.objects.get()
    assert (document.status, document.warehouse, document.created_by) == (
        OpeningStockStatus.DRAFT,
        warehouse,
        keeper,
    )
    assert document.get_absolute_url() in page.content.decode()
    lines = {line.product.sku: line for line in document.lines.all()}
    assert (lines["P-1"].quantity, lines["P-1"].unit_cost) == (Decimal("12.500"), Decimal("4.0000"))
    assert (lines["P-2"].lot_number, lines["P-2"].expiry_date) == ("L-9", datetime.date(2027, 1, 31))

    _page, again = upload(client, "opening-stock", xlsx_file(rows))
    assert again.outcome["totals"] == {"new": 0, "update": 0, "skip": 2, "error": 0}
    confirm(client, again)
    assert OpeningStockLine.objects.count() == 2

    opening_stock_post(document=document, by=user_in_role("approver"))
    assert StockBalance.objects.get(product__sku="P-1").value == Decimal("50.0000")


def test_opening_stock_rows_are_checked(catalogue, user_in_role, client_for):
    client = client_for(user_in_role("warehouse_keeper"))
    warehouse_create(code="WH1", name="Main")
    ProductFactory(sku="P-1", unit=UnitFactory(code="pcs"))
    ProductFactory(sku="P-2", is_lot_tracked=True)
    rows = [
        ["warehouse code", "location code", "SKU", "lot number", "quantity", "unit cost"],
        ["WH1", "", "P-1", "", 1.5, 1],
        ["WH9", "", "P-1", "", 1, 1],
        ["WH1", "X-9", "P-1", "", 1, 1],
        ["WH1", "", "P-2", "", 1, 1],
        ["WH1", "", "P-1", "", -1, 1],
    ]
    _page, job = upload(client, "opening-stock", xlsx_file(rows))
    messages = {line: row["messages"] for line, row in preview_rows(job).items()}
    assert messages == {
        2: ["Quantity: pcs is counted in whole numbers."],
        3: ["Warehouse code: There is no warehouse “WH9”."],
        4: ["Location code: Warehouse WH1 has no location “X-9”."],
        5: ["Lot number: This product is lot tracked: enter its lot number."],
        6: ["Quantity: Enter a quantity greater than zero."],
    }
    confirm(client, job)
    assert not OpeningStock.objects.exists()


@pytest.mark.parametrize(
    "kind", ["categories", "products", "prices", "opening-stock", "suppliers", "customers"]
)
def test_each_import_has_a_template_with_headings_and_an_example(admin_user, client_for, kind):
    response = client_for(admin_user).get(reverse("imports:template", args=[kind]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets[0]
    header, example = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert all(header)
    assert any(example)
    assert sheet.freeze_panes == "A2"


def test_the_downloaded_template_imports_under_its_own_headings(catalogue, clerk):
    response = clerk.get(reverse("imports:template", args=["products"]))
    content = b"".join(response.streaming_content)
    _page, job = upload(clerk, "products", SimpleUploadedFile("template.xlsx", content))
    assert job.outcome["errors"] == []
    assert job.outcome["ignored_columns"] == []
    (row,) = job.outcome["rows"]
    assert row["status"] == "new", row["messages"]


def test_only_the_uploader_sees_a_file(catalogue, clerk, client_for):
    _page, job = upload(clerk, "products", xlsx_file(PRODUCT_ROWS))
    other = client_for(UserFactory(username="other-clerk", role="purchasing_clerk"))
    assert other.get(reverse("imports:job", args=[job.pk])).status_code == 404
    assert other.post(reverse("imports:confirm", args=[job.pk])).status_code == 404
    assert Product.objects.count() == 0


def test_a_file_is_imported_once(catalogue, clerk):
    _page, job = upload(clerk, "products", xlsx_file(PRODUCT_ROWS))
    confirm(clerk, job)
    page, job = confirm(clerk, job)
    assert "already been imported" in page.content.decode()
    assert Product.objects.count() == 3


def test_import_index_lists_the_kinds_the_user_may_import(user_in_role, client_for):
    content = client_for(user_in_role("warehouse_keeper")).get(reverse("imports:index")).content.decode()
    assert reverse("imports:opening-stock") in content
    assert reverse("imports:products") not in content
