"""Every allowed and every forbidden status change of purchase orders and returns, through the services."""

from decimal import Decimal

import pytest

from common.exceptions import DocumentStateError
from inventory.choices import MoveType
from inventory.services import DocumentRef, MoveSpec, stock_moves_post
from purchasing import services
from purchasing.choices import PurchaseOrderStatus, PurchaseReturnStatus
from purchasing.models import PurchaseOrder, PurchaseReturn
from purchasing.services import ReceiptLineData
from tests.factories import (
    PurchaseOrderFactory,
    PurchaseOrderLineFactory,
    PurchaseReturnFactory,
    PurchaseReturnLineFactory,
)
from tests.purchasing.conftest import TODAY

POS, PRS = PurchaseOrderStatus, PurchaseReturnStatus

pytestmark = pytest.mark.django_db

ORDER_ALLOWED = {
    (POS.DRAFT, "submit"): POS.SUBMITTED,
    (POS.SUBMITTED, "approve"): POS.APPROVED,
    (POS.SUBMITTED, "reject"): POS.REJECTED,
    (POS.REJECTED, "reopen"): POS.DRAFT,
    (POS.DRAFT, "cancel"): POS.CANCELLED,
    (POS.SUBMITTED, "cancel"): POS.CANCELLED,
    (POS.APPROVED, "cancel"): POS.CANCELLED,
    (POS.REJECTED, "cancel"): POS.CANCELLED,
    (POS.APPROVED, "receive"): POS.PARTIALLY_RECEIVED,
    (POS.PARTIALLY_RECEIVED, "receive"): POS.PARTIALLY_RECEIVED,
    (POS.PARTIALLY_RECEIVED, "close"): POS.CLOSED,
    (POS.RECEIVED, "close"): POS.CLOSED,
}
ORDER_ACTIONS = ["submit", "approve", "reject", "reopen", "cancel", "receive", "close"]
ALREADY_ACCEPTED = {
    POS.PARTIALLY_RECEIVED: Decimal("4"),
    POS.RECEIVED: Decimal("10"),
    POS.CLOSED: Decimal("10"),
}


def _order_act(action, order, *, clerk, approver, keeper, location):
    if action == "submit":
        return services.purchase_order_submit(order=order, by=clerk)
    if action == "approve":
        return services.purchase_order_approve(order=order, by=approver)
    if action == "reject":
        return services.purchase_order_reject(order=order, by=approver, reason="Too dear")
    if action == "reopen":
        return services.purchase_order_reopen(order=order, by=clerk)
    if action == "cancel":
        return services.purchase_order_cancel(order=order, by=clerk)
    if action == "close":
        return services.purchase_order_close(order=order, by=clerk)
    line = order.lines.get()
    one = ReceiptLineData(line.pk, location, Decimal("1"), Decimal("1"))
    return services.goods_receipt_post(order=order, lines=[one], date=TODAY, by=keeper)


@pytest.mark.parametrize("status", POS.values)
@pytest.mark.parametrize("action", ORDER_ACTIONS)
def test_order_transition(status, action, clerk, approver, keeper, supplier, warehouse, location, product):
    order = PurchaseOrderFactory(status=status, created_by=clerk, supplier=supplier, warehouse=warehouse)
    accepted = ALREADY_ACCEPTED.get(status, Decimal("0"))
    PurchaseOrderLineFactory(
        order=order, product=product, received_quantity=accepted, accepted_quantity=accepted
    )
    act = {"clerk": clerk, "approver": approver, "keeper": keeper, "location": location}
    target = ORDER_ALLOWED.get((status, action))
    if target is None:
        with pytest.raises(DocumentStateError):
            _order_act(action, order, **act)
        assert PurchaseOrder.objects.get(pk=order.pk).status == status
    else:
        _order_act(action, order, **act)
        assert PurchaseOrder.objects.get(pk=order.pk).status == target


def test_last_receipt_completes_the_order(clerk, keeper, supplier, warehouse, location, product):
    order = PurchaseOrderFactory(status=POS.PARTIALLY_RECEIVED, created_by=clerk, warehouse=warehouse)
    line = PurchaseOrderLineFactory(
        order=order, product=product, received_quantity=Decimal("9"), accepted_quantity=Decimal("9")
    )
    one = ReceiptLineData(line.pk, location, Decimal("1"), Decimal("1"))
    services.goods_receipt_post(order=order, lines=[one], date=TODAY, by=keeper)
    assert PurchaseOrder.objects.get(pk=order.pk).status == POS.RECEIVED


RETURN_ALLOWED = {
    (PRS.DRAFT, "submit"): PRS.SUBMITTED,
    (PRS.SUBMITTED, "approve"): PRS.APPROVED,
    (PRS.SUBMITTED, "reject"): PRS.REJECTED,
    (PRS.REJECTED, "reopen"): PRS.DRAFT,
    (PRS.DRAFT, "cancel"): PRS.CANCELLED,
    (PRS.SUBMITTED, "cancel"): PRS.CANCELLED,
    (PRS.APPROVED, "cancel"): PRS.CANCELLED,
    (PRS.REJECTED, "cancel"): PRS.CANCELLED,
    (PRS.APPROVED, "ship"): PRS.SHIPPED,
}
RETURN_ACTIONS = ["submit", "approve", "reject", "reopen", "cancel", "ship"]


def _return_act(action, document, *, clerk, approver, keeper):
    if action == "submit":
        return services.purchase_return_submit(document=document, by=clerk)
    if action == "approve":
        return services.purchase_return_approve(document=document, by=approver)
    if action == "reject":
        return services.purchase_return_reject(document=document, by=approver, reason="Keep them")
    if action == "reopen":
        return services.purchase_return_reopen(document=document, by=clerk)
    if action == "cancel":
        return services.purchase_return_cancel(document=document, by=clerk)
    return services.purchase_return_ship(document=document, by=keeper)


@pytest.mark.parametrize("status", PRS.values)
@pytest.mark.parametrize("action", RETURN_ACTIONS)
def test_return_transition(status, action, clerk, approver, keeper, supplier, warehouse, location, product):
    stock_moves_post(
        moves=[MoveSpec(product.pk, location.pk, Decimal("5"), MoveType.OPENING, unit_cost=Decimal("2"))],
        document=DocumentRef("tests.opening", 1, "T-1"),
        by=keeper,
    )
    document = PurchaseReturnFactory(status=status, created_by=clerk, supplier=supplier, warehouse=warehouse)
    PurchaseReturnLineFactory(document=document, product=product, location=location)
    act = {"clerk": clerk, "approver": approver, "keeper": keeper}
    target = RETURN_ALLOWED.get((status, action))
    if target is None:
        with pytest.raises(DocumentStateError):
            _return_act(action, document, **act)
        assert PurchaseReturn.objects.get(pk=document.pk).status == status
    else:
        _return_act(action, document, **act)
        assert PurchaseReturn.objects.get(pk=document.pk).status == target
