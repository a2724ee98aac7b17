"""Supplier terms per product: what replenishment orders from whom, at what price and lead time."""

from decimal import Decimal

import pytest
from django.urls import reverse

from suppliers.models import SupplierProduct
from tests.factories import ProductFactory, SupplierFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk():
    return UserFactory(username="clerk", role="purchasing_clerk")


def terms(supplier, product, **fields):
    data = {
        "supplier": supplier.pk,
        "product": product.pk,
        "unit_price": "2.50",
        "lead_time_days": "6",
        "minimum_order_quantity": "12",
    }
    return {**data, **fields}


def test_a_product_has_one_preferred_supplier(clerk, client_for):
    product, first, second = ProductFactory(sku="PEN-1"), SupplierFactory(), SupplierFactory()
    client = client_for(clerk)
    url = reverse("suppliers:supplier-product-create")

    assert client.post(url, terms(first, product, is_preferred="on")).status_code == 302
    refused = client.post(url, terms(second, product, is_preferred="on"))

    assert refused.status_code == 200
    assert "This product already has a preferred supplier." in refused.content.decode()
    assert SupplierProduct.objects.filter(product=product).count() == 1
    again = client.post(url, terms(first, product))
    assert "This supplier already has terms for this product." in again.content.decode()


def test_negative_prices_and_lead_times_over_a_year_are_refused(clerk, client_for):
    product, supplier = ProductFactory(), SupplierFactory()
    response = client_for(clerk).post(
        reverse("suppliers:supplier-product-create"),
        terms(supplier, product, unit_price="-1", lead_time_days="400"),
    )
    assert response.status_code == 200
    assert not SupplierProduct.objects.exists()


def test_the_supplier_page_lists_what_they_supply_to_purchasing_only(clerk, client_for):
    supplier = SupplierFactory()
    SupplierProduct.objects.create(
        supplier=supplier, product=ProductFactory(sku="INK-9"), unit_price=Decimal("7.25"), lead_time_days=9
    )
    seller = UserFactory(username="seller", role="sales_clerk")

    page = client_for(clerk).get(supplier.get_absolute_url()).content.decode()
    assert "Products supplied" in page
    assert "INK-9" in page
    assert "7.25" in page

    sales_page = client_for(seller).get(supplier.get_absolute_url()).content.decode()
    assert "INK-9" not in sales_page  # purchase prices are for purchasing
