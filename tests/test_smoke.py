from decimal import Decimal

import pytest

from inventory.choices import MoveType
from inventory.services import MoveSpec, stock_moves_post
from tests.factories import LocationFactory, ProductFactory

pytestmark = pytest.mark.django_db


def test_receipt_then_shipment_keeps_average_cost(admin_user):
    from inventory.services import DocumentRef

    product, location = ProductFactory(), LocationFactory()
    doc = DocumentRef("test.doc", 1, "T-1")
    stock_moves_post(
        moves=[MoveSpec(product.pk, location.pk, Decimal("10"), MoveType.RECEIPT, unit_cost=Decimal("5"))],
        document=doc,
        by=admin_user,
    )
    stock_moves_post(
        moves=[MoveSpec(product.pk, location.pk, Decimal("10"), MoveType.RECEIPT, unit_cost=Decimal("7"))],
        document=doc,
        by=admin_user,
    )
    (out,) = stock_moves_post(
        moves=[MoveSpec(product.pk, location.pk, Decimal("-4"), MoveType.SHIPMENT)],
        document=doc,
        by=admin_user,
    )
    assert out.unit_cost == Decimal("6.0000")
    balance = product.balances.get()
    assert balance.on_hand == Decimal("16")
    assert balance.value == Decimal("96.0000")
