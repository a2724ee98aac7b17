"""Filters over thousands of rows: a product or customer is typed, not picked from a list of every row."""

from decimal import Decimal

import pytest
from django.urls import reverse

from common import lists
from returns.models import ReturnLine, ReturnRequest
from tests.factories import (
    CustomerFactory,
    ProductFactory,
    ReturnReasonFactory,
    UserFactory,
    WarehouseFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def requests_by_product(monkeypatch):
    """Three return requests, one product each; lists count as "large" from two rows on."""
    monkeypatch.setattr(lists, "CHOICE_LIMIT", 2)
    creator = UserFactory(username="clerk")
    warehouse = WarehouseFactory()
    reason = ReturnReasonFactory()
    made = {}
    for sku, name in (("P-100", "Bearing 6204"), ("P-200", "Bearing 6205"), ("P-300", "Gear pump")):
        product = ProductFactory(sku=sku, name=name)
        customer = CustomerFactory()
        request = ReturnRequest.objects.create(
            number=f"RMA-T-{sku}", customer=customer, warehouse=warehouse, created_by=creator
        )
        ReturnLine.objects.create(
            request=request, product=product, quantity=Decimal("1"), unit_price=Decimal("5"), reason=reason
        )
        made[sku] = (product, request)
    return made


@pytest.fixture
def manager(client_for):
    return client_for(UserFactory(username="boss", is_superuser=True, is_staff=True))


def test_a_large_choice_is_a_search_box_not_a_list_of_every_row(manager, requests_by_product):
    html = manager.get(reverse("returns:request-list")).content.decode()
    assert 'type="search" name="product"' in html
    assert "Bearing 6205</option>" not in html  # no option per product
    assert 'name="reason"' in html
    assert "<select" in html


def test_typing_a_sku_filters_by_that_product(manager, requests_by_product):
    page = manager.get(reverse("returns:request-list"), {"product": "p-200"}).content.decode()
    assert "RMA-T-P-200" in page
    assert "RMA-T-P-100" not in page
    assert "RMA-T-P-300" not in page
    assert 'value="p-200"' in page  # the box keeps what was typed


def test_a_link_with_the_id_still_filters_and_shows_the_sku(manager, requests_by_product):
    product, _request = requests_by_product["P-300"]
    page = manager.get(reverse("returns:request-list"), {"product": product.pk}).content.decode()
    assert "RMA-T-P-300" in page
    assert "RMA-T-P-100" not in page
    assert 'value="P-300"' in page


def test_a_unique_part_of_the_name_is_enough(manager, requests_by_product):
    page = manager.get(reverse("returns:request-list"), {"product": "pump"}).content.decode()
    assert "RMA-T-P-300" in page
    assert "RMA-T-P-200" not in page


def test_text_matching_several_rows_asks_for_more(manager, requests_by_product):
    page = manager.get(reverse("returns:request-list"), {"product": "bearing"}).content.decode()
    assert "Several products match “bearing”: type more of the code or the name." in page


def test_text_matching_nothing_says_so(manager, requests_by_product):
    page = manager.get(reverse("returns:request-list"), {"product": "P-999"}).content.decode()
    assert "No product matches “P-999”." in page
