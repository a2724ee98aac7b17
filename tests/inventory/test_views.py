"""Product, category, warehouse and opening-stock screens, driven through the real views."""

from decimal import Decimal

import pytest
from django.urls import reverse

from inventory.models import Category, Location, OpeningStock, OpeningStockLine, Product, Warehouse
from tests.factories import (
    CategoryFactory,
    LocationFactory,
    OpeningStockFactory,
    ProductFactory,
    UnitFactory,
)
from tests.html import assert_error_beside
from tests.ledger import post

pytestmark = pytest.mark.django_db

MUST_NOT_BE_NEGATIVE = "Ensure this value is greater than or equal to 0."


@pytest.fixture
def clerk(user_in_role, client_for):
    """The purchasing clerk keeps the product catalogue."""
    return client_for(user_in_role("purchasing_clerk"))


@pytest.fixture
def keeper(user_in_role, client_for):
    return client_for(user_in_role("warehouse_keeper"))


@pytest.fixture
def product_data():
    category, unit = CategoryFactory(name="Paper"), UnitFactory()

    def make(**overrides):
        data = {
            "sku": "P-100",
            "barcode": "6901234567892",
            "name": "Copy paper A4",
            "specification": "80 g, 500 sheets",
            "category": category.pk,
            "unit": unit.pk,
            "purchase_price": "18.50",
            "sale_price": "25.00",
            "wholesale_price": "22.00",
            "safety_stock": "20",
            "reorder_quantity": "100",
        }
        return {**data, **overrides}

    return make


# --- product: create, edit, deactivate -------------------------------------------------------------------


def test_product_is_created_through_the_form(clerk, product_data):
    response = clerk.post(reverse("inventory:product-create"), product_data(), follow=True)

    product = Product.objects.get(sku="P-100")
    assert response.redirect_chain[-1][0] == product.get_absolute_url()
    assert product.name == "Copy paper A4"
    assert product.sale_price == Decimal("25.00")
    assert product.is_active
    assert "was saved" in response.content.decode()


def test_product_is_edited_through_the_form(clerk, product_data):
    product = ProductFactory(sku="P-100")

    response = clerk.post(
        reverse("inventory:product-edit", args=[product.pk]), product_data(name="Copy paper A4 premium")
    )

    assert response.status_code == 302
    product.refresh_from_db()
    assert product.name == "Copy paper A4 premium"
    assert product.purchase_price == Decimal("18.50")


def test_product_is_deactivated_after_confirmation(clerk):
    product = ProductFactory(sku="P-100", name="Copy paper A4")
    url = reverse("inventory:product-activation", args=[product.pk])

    question = clerk.get(url)

    assert "Deactivate P-100 Copy paper A4?" in question.content.decode()
    product.refresh_from_db()
    assert product.is_active  # asking changes nothing

    response = clerk.post(url, follow=True)

    product.refresh_from_db()
    assert not product.is_active
    assert response.redirect_chain[-1][0] == product.get_absolute_url()
    assert "Inactive" in response.content.decode()
    inactive = clerk.get(reverse("inventory:product-list"), {"is_active": "0"}).content.decode()
    active = clerk.get(reverse("inventory:product-list"), {"is_active": "1"}).content.decode()
    assert "P-100" in inactive
    assert "P-100" not in active


def test_inactive_product_is_activated_again(clerk):
    product = ProductFactory(is_active=False)
    url = reverse("inventory:product-activation", args=[product.pk])

    assert "again?" in clerk.get(url).content.decode()
    clerk.post(url)

    product.refresh_from_db()
    assert product.is_active


# --- product: bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize("field", ["purchase_price", "sale_price", "wholesale_price", "safety_stock"])
def test_negative_price_or_quantity_is_refused_beside_the_field(clerk, product_data, field):
    response = clerk.post(reverse("inventory:product-create"), product_data(**{field: "-1"}))

    assert response.status_code == 200
    assert_error_beside(response, field, MUST_NOT_BE_NEGATIVE)
    assert not Product.objects.exists()


@pytest.mark.parametrize("field", ["sale_price", "reorder_quantity"])
def test_non_numeric_input_is_refused_beside_the_field(clerk, product_data, field):
    response = clerk.post(reverse("inventory:product-create"), product_data(**{field: "abc"}))

    assert_error_beside(response, field, "Enter a number.")
    assert not Product.objects.exists()


def test_duplicate_sku_is_refused_beside_the_field(clerk, product_data):
    ProductFactory(sku="P-100")

    response = clerk.post(reverse("inventory:product-create"), product_data(barcode=""))

    assert_error_beside(response, "sku", "Product with this SKU already exists.")
    assert Product.objects.filter(sku="P-100").count() == 1


def test_duplicate_barcode_is_refused_beside_the_field(clerk, product_data):
    ProductFactory(barcode="6901234567892")

    response = clerk.post(reverse("inventory:product-create"), product_data())

    assert_error_beside(response, "barcode", "Another product already has this barcode.")
    assert not Product.objects.filter(sku="P-100").exists()


def test_a_product_keeps_its_own_barcode_and_empty_barcodes_may_repeat(clerk, product_data):
    product = ProductFactory(sku="P-100", barcode="6901234567892")
    ProductFactory(barcode="")

    edited = clerk.post(reverse("inventory:product-edit", args=[product.pk]), product_data(name="Renamed"))
    created = clerk.post(reverse("inventory:product-create"), product_data(sku="P-200", barcode=""))

    assert edited.status_code == 302
    assert created.status_code == 302
    assert Product.objects.filter(barcode="").count() == 2


def test_overlong_name_is_refused_beside_the_field(clerk, product_data):
    response = clerk.post(reverse("inventory:product-create"), product_data(name="x" * 300))

    assert_error_beside(response, "name", "Ensure this value has at most 200 characters (it has 300).")
    assert not Product.objects.exists()


# --- categories ------------------------------------------------------------------------------------------


def test_category_cannot_be_placed_under_its_own_child(clerk):
    office = CategoryFactory(name="Office")
    paper = CategoryFactory(name="Paper", parent=office)
    CategoryFactory(name="A4", parent=paper)
    grandchild = Category.objects.get(name="A4")

    for parent in (paper, grandchild, office):
        response = clerk.post(
            reverse("inventory:category-edit", args=[office.pk]), {"name": "Office", "parent": parent.pk}
        )
        assert_error_beside(
            response, "parent", "A category cannot be placed under itself or its subcategories."
        )

    office.refresh_from_db()
    assert office.parent is None


def test_category_can_move_under_another_branch(clerk):
    office, food = CategoryFactory(name="Office"), CategoryFactory(name="Food")
    paper = CategoryFactory(name="Paper", parent=office)

    response = clerk.post(
        reverse("inventory:category-edit", args=[paper.pk]), {"name": "Paper", "parent": food.pk}
    )

    assert response.status_code == 302
    paper.refresh_from_db()
    assert paper.parent == food


# --- lists: search, filter, sort, pages ------------------------------------------------------------------


def test_product_search_finds_by_barcode(clerk):
    ProductFactory(sku="P-100", barcode="6901234567892")
    ProductFactory(sku="P-200", barcode="6909999999999")

    html = clerk.get(reverse("inventory:product-list"), {"q": "6901234567892"}).content.decode()

    assert "P-100" in html
    assert "P-200" not in html


def test_product_search_needs_every_word(clerk):
    ProductFactory(sku="P-100", name="Copy paper A4")
    ProductFactory(sku="P-200", name="Copy paper A3")

    html = clerk.get(reverse("inventory:product-list"), {"q": "paper a4"}).content.decode()

    assert "P-100" in html
    assert "P-200" not in html


def test_product_filter_by_category_includes_subcategories(clerk):
    office = CategoryFactory(name="Office")
    ProductFactory(sku="P-100", category=CategoryFactory(name="Paper", parent=office))
    ProductFactory(sku="P-200", category=CategoryFactory(name="Food"))

    html = clerk.get(reverse("inventory:product-list"), {"category": office.pk}).content.decode()

    assert "P-100" in html
    assert "P-200" not in html


def test_product_list_sorts_by_name_descending(clerk):
    for sku, name in [("P-1", "Banana"), ("P-2", "Cherry"), ("P-3", "Apple")]:
        ProductFactory(sku=sku, name=name)

    html = clerk.get(reverse("inventory:product-list"), {"sort": "-name"}).content.decode()
    ascending = clerk.get(reverse("inventory:product-list"), {"sort": "name"}).content.decode()

    assert html.index("Cherry") < html.index("Banana") < html.index("Apple")
    assert ascending.index("Apple") < ascending.index("Banana") < ascending.index("Cherry")


def test_product_list_has_a_second_page_when_one_page_is_full(clerk, settings):
    settings.LIST_PAGE_SIZE = 5
    for n in range(1, 7):
        ProductFactory(sku=f"P-{n:02d}")
    url = reverse("inventory:product-list")

    first = clerk.get(url).content.decode()
    second = clerk.get(url, {"page": "2"}).content.decode()

    assert "P-05" in first
    assert "P-06" not in first
    assert "page=2" in first
    assert "P-06" in second
    assert "P-01" not in second
    assert clerk.get(url, {"page": "3"}).status_code == 404


def test_stock_list_shows_balances_with_their_available_quantity(keeper, admin_user):
    product = ProductFactory(sku="P-100")
    post(product, LocationFactory(), "12", unit_cost="2", by=admin_user)

    response = keeper.get(reverse("inventory:stock"), {"q": "P-100", "sort": "-stock_available"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "P-100" in html
    assert "24.00" in html


@pytest.mark.parametrize("looked_up", [5000, 1], ids=["products-by-id", "many-products-joined"])
def test_stock_search_finds_every_row_of_the_matching_products_and_counts_them(
    keeper, admin_user, settings, monkeypatch, looked_up
):
    """Two bearings in two places each and a hammer: a search for "bearing" lists the four bearing rows
    (three a page), counts them exactly and totals their value, whichever way the products are matched."""
    from inventory.views import stock as stock_views

    monkeypatch.setattr(stock_views, "PRODUCTS_LOOKED_UP", looked_up)
    settings.LIST_PAGE_SIZE = 3
    near, far = LocationFactory(code="A-01"), LocationFactory(code="B-01")
    for sku, name in (("BR-1", "轴承 bearing 6204"), ("BR-2", "轴承 bearing 6205"), ("HM-1", "锤子 hammer")):
        product = ProductFactory(sku=sku, name=name)
        post(product, near, "10", unit_cost="2", by=admin_user)
        post(product, far, "5", unit_cost="2", by=admin_user)

    first = keeper.get(reverse("inventory:stock"), {"q": "bearing"})
    second = keeper.get(reverse("inventory:stock"), {"q": "bearing", "page": "2"})

    rows = [
        balance.product.sku for balance in [*first.context["object_list"], *second.context["object_list"]]
    ]
    assert sorted(rows) == ["BR-1", "BR-1", "BR-2", "BR-2"]
    html = first.content.decode()
    assert "4 rows" in html
    assert "Page 1 of 2" in html
    assert first.context["totals"]["value"] == Decimal("60.00")  # 30 bearings at 2.00


# --- warehouses -------------------------------------------------------------------------------------------


def test_warehouse_created_through_the_form_gets_a_default_location(keeper):
    response = keeper.post(reverse("inventory:warehouse-create"), {"code": "SH", "name": "Shanghai"})

    warehouse = Warehouse.objects.get(code="SH")
    assert response.status_code == 302
    assert list(warehouse.locations.values_list("code", flat=True)) == ["DEFAULT"]
    assert "DEFAULT" in keeper.get(warehouse.get_absolute_url()).content.decode()


def test_location_code_must_be_unique_within_its_warehouse(keeper):
    location = LocationFactory(code="A-01")

    response = keeper.post(
        reverse("inventory:location-create"), {"warehouse": location.warehouse.pk, "code": "A-01"}
    )

    assert "This warehouse already has a location with this code." in response.content.decode()
    assert Location.objects.filter(code="A-01").count() == 1


# --- opening stock lines --------------------------------------------------------------------------------


@pytest.fixture
def draft(user_in_role):
    return OpeningStockFactory(created_by=user_in_role("warehouse_keeper"))


def line_data(draft, product, **overrides):
    location = LocationFactory(warehouse=draft.warehouse)
    return {"product": product.pk, "location": location.pk, "quantity": "10", "unit_cost": "2.5", **overrides}


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("quantity", "-1", "Enter a quantity greater than zero."),
        ("quantity", "0", "Enter a quantity greater than zero."),
        ("quantity", "abc", "Enter a number."),
        ("quantity", "1.5", "pcs is counted in whole numbers."),
        ("unit_cost", "-2", MUST_NOT_BE_NEGATIVE),
    ],
)
def test_bad_opening_stock_line_is_refused_beside_the_field(keeper, draft, field, value, message):
    product = ProductFactory(unit=UnitFactory(code="pcs", name="pcs"))

    response = keeper.post(
        reverse("inventory:opening-line-add", args=[draft.pk]), line_data(draft, product, **{field: value})
    )

    assert response.status_code == 400
    assert_error_beside(response, field, message)
    assert not OpeningStockLine.objects.exists()


def test_fractional_quantity_is_accepted_for_a_unit_sold_by_weight(keeper, draft):
    rice = ProductFactory(unit=UnitFactory(code="kg", name="kg", is_fractional=True))

    response = keeper.post(
        reverse("inventory:opening-line-add", args=[draft.pk]), line_data(draft, rice, quantity="1.5")
    )

    assert response.status_code == 302
    assert OpeningStockLine.objects.get().quantity == Decimal("1.5")


def test_lot_tracked_product_needs_a_lot_number(keeper, draft):
    milk = ProductFactory(is_lot_tracked=True)

    response = keeper.post(reverse("inventory:opening-line-add", args=[draft.pk]), line_data(draft, milk))

    assert_error_beside(response, "lot_number", "This product is lot tracked: enter its lot number.")
    assert not OpeningStockLine.objects.exists()


def test_opening_stock_from_form_to_stock_on_hand(keeper, user_in_role, client_for):
    """The whole story: the keeper enters the opening stock, the approver posts it, the stock is there."""
    warehouse = LocationFactory(code="A-01").warehouse
    product = ProductFactory(sku="P-100")

    keeper.post(reverse("inventory:opening-create"), {"warehouse": warehouse.pk, "date": "2026-01-01"})
    document = OpeningStock.objects.get(warehouse=warehouse)
    location = warehouse.locations.get(code="A-01")
    keeper.post(
        reverse("inventory:opening-line-add", args=[document.pk]),
        {"product": product.pk, "location": location.pk, "quantity": "40", "unit_cost": "3"},
    )
    refused = keeper.post(reverse("inventory:opening-post", args=[document.pk]))  # no post permission
    approver = client_for(user_in_role("approver"))
    posted = approver.post(reverse("inventory:opening-post", args=[document.pk]), follow=True)

    assert refused.status_code == 403
    assert "was posted" in posted.content.decode()
    assert document.number.startswith("OS-")
    stock = keeper.get(reverse("inventory:stock"), {"q": "P-100"}).content.decode()
    assert "120.00" in stock  # 40 at 3.00
