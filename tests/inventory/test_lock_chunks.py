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
