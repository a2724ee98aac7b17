import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from inventory.choices import MoveType
from inventory.models import StockMove
from inventory.services import DocumentRef, MoveSpec, stock_moves_post
from reports.definitions.inventory_turnover import InventoryTurnoverReport
from reports.framework import month_start
from tests.factories import LocationFactory, ProductFactory

pytestmark = pytest.mark.django_db


def post(product, location, quantity, move_type, by, cost=None, days_ago=0):
    (move,) = stock_moves_post(
        moves=[MoveSpec(product.pk, location.pk, Decimal(quantity), move_type, unit_cost=cost)],
        document=DocumentRef("test.doc", 1, "T-1"),
        by=by,
    )
    if days_ago:
        StockMove.objects.filter(pk=move.pk).update(
            created_at=timezone.now() - datetime.timedelta(days=days_ago)
        )


def test_turnover_and_days_on_hand_match_a_hand_computation(admin_user):
    product, location = ProductFactory(sku="TURN-1"), LocationFactory()
    start = month_start() - datetime.timedelta(days=31)
    before = (timezone.localdate() - start).days + 5
    post(product, location, "10", MoveType.RECEIPT, admin_user, cost=Decimal("5"), days_ago=before)  # 50.00
    post(product, location, "-4", MoveType.SHIPMENT, admin_user)  # cost of goods sold 20.00
    post(product, location, "1", MoveType.CUSTOMER_RETURN, admin_user, cost=Decimal("5"))  # -5.00
    post(product, location, "10", MoveType.RECEIPT, admin_user, cost=Decimal("5"))  # closing 85.00

    today = timezone.localdate()
    report = InventoryTurnoverReport({"date_from": start, "date_to": today})
    (row,) = [r for r in report.rows() if r["product__sku"] == "TURN-1"]
    days = (today - start).days + 1
    assert row["opening_value"] == Decimal("50")
    assert row["closing_value"] == Decimal("85")
    assert row["cost_of_sales"] == Decimal("15")
    assert row["average_value"] == Decimal("67.5")
    assert row["turnover"].quantize(Decimal("0.0001")) == (Decimal("15") / Decimal("67.5")).quantize(
        Decimal("0.0001")
    )
    assert row["days_on_hand"].quantize(Decimal("0.01")) == (days * Decimal("67.5") / 15).quantize(
        Decimal("0.01")
    )

    client = Client()
    client.force_login(admin_user)
    response = client.get(reverse("reports:inventory-turnover"), {"date_from": start, "date_to": today})
    assert response.status_code == 200
    assert "TURN-1" in response.content.decode()
