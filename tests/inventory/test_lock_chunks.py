from decimal import Decimal

import pytest

from inventory.choices import MoveType
from inventory.selectors import stock_ledger_mismatches
from inventory.services import DocumentRef, MoveSpec, stock_moves_post
from tests.factories import LocationFactory, ProductFactory

pytestmark = pytest.mark.django_db


def test_a_posting_of_more_than_a_thousand_lines_goes_through(admin_user):
    """An opening stock or stocktake of a big catalogue posts in one go (locks are taken in chunks)."""
    location = LocationFactory()
    products = ProductFactory.create_batch(1100)
    moves = [
        MoveSpec(p.pk, location.pk, Decimal("2"), MoveType.OPENING, unit_cost=Decimal("1.5"))
        for p in products
    ]
    posted = stock_moves_post(moves=moves, document=DocumentRef("test.bulk", 1, "BULK-1"), by=admin_user)
    assert len(posted) == 1100
    assert location.balances.count() == 1100
    assert stock_ledger_mismatches() == []


def test_opening_stock_is_posted_only_by_someone_allowed_to(user_in_role):
    from common.exceptions import DomainError
    from inventory.models import OpeningStockLine
    from inventory.services import opening_stock_create, opening_stock_post

    keeper, other_keeper = user_in_role("warehouse_keeper"), user_in_role("warehouse_keeper", "keeper2")
    location = LocationFactory()
    document = opening_stock_create(warehouse=location.warehouse, date="2026-11-01", note="", by=keeper)
    OpeningStockLine.objects.create(
        document=document,
        product=ProductFactory(),
        location=location,
        quantity=Decimal("3"),
        unit_cost=Decimal("2"),
    )
    with pytest.raises(DomainError, match="not allowed"):
        opening_stock_post(document=document, by=other_keeper)
    assert location.balances.count() == 0
    opening_stock_post(document=document, by=user_in_role("approver"))
    assert location.balances.get().on_hand == Decimal("3")
