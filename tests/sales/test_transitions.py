"""Every allowed and every forbidden status change of sales orders and deliveries, through the services."""

from decimal import Decimal

import pytest

from common.exceptions import DocumentStateError
from sales import services
from sales.choices import DeliveryStatus, SalesOrderStatus
from sales.models import Delivery, SalesOrder
from sales.services import DeliveryLineData
from tests.factories import CustomerFactory, SalesOrderFactory, SalesOrderLineFactory
from tests.sales.conftest import TODAY

SOS, DS = SalesOrderStatus, DeliveryStatus

pytestmark = pytest.mark.django_db

ORDER_ALLOWED = {
    (SOS.DRAFT, "submit"): SOS.SUBMITTED,  # the customer has no credit: it waits for an approver
    (SOS.SUBMITTED, "approve"): SOS.APPROVED,
    (SOS.SUBMITTED, "reject"): SOS.REJECTED,
    (SOS.REJECTED, "reopen"): SOS.DRAFT,
    (SOS.DRAFT, "cancel"): SOS.CANCELLED,
    (SOS.SUBMITTED, "cancel"): SOS.CANCELLED,
    (SOS.APPROVED, "cancel"): SOS.CANCELLED,
    (SOS.REJECTED, "cancel"): SOS.CANCELLED,
    (SOS.APPROVED, "ship"): SOS.PARTIALLY_SHIPPED,
    (SOS.PARTIALLY_SHIPPED, "ship"): SOS.PARTIALLY_SHIPPED,
    (SOS.SHIPPED, "complete"): SOS.COMPLETED,
    (SOS.PARTIALLY_SHIPPED, "complete"): SOS.COMPLETED,  # closed short, with a reason
}
ORDER_ACTIONS = ["submit", "approve", "reject", "reopen", "cancel", "ship", "complete"]
ORDER_CASES = [(status, action) for status in SOS.values for action in ORDER_ACTIONS]


@pytest.fixture
def order_in(clerk, warehouse, location, product, stock):
    """An order of 10 pens by the clerk for a customer without credit, forced into ``status``."""
    stock(product, location, 50)

    def make(status):
        order = SalesOrderFactory(
            customer=CustomerFactory(credit_limit=Decimal("0")), warehouse=warehouse, created_by=clerk
        )
        SalesOrderLineFactory(order=order, product=product, quantity=Decimal("10"))
        SalesOrder.objects.filter(pk=order.pk).update(status=status, total=Decimal("120.00"))
        return SalesOrder.objects.get(pk=order.pk)

    return make


def act(action, order, *, clerk, approver, keeper, location):
    if action == "submit":
        return services.sales_order_submit(order=order, by=clerk)
    if action == "approve":
        return services.sales_order_approve(order=order, by=approver)
    if action == "reject":
        return services.sales_order_reject(order=order, by=approver, reason="No")
    if action == "reopen":
        return services.sales_order_reopen(order=order, by=clerk)
    if action == "cancel":
        return services.sales_order_cancel(order=order, by=clerk)
    if action == "ship":
        line = order.lines.get()
        delivery = services.delivery_create(
            order=order, by=keeper, date=TODAY, lines=[DeliveryLineData(line.pk, location, Decimal("1"))]
        )
        return services.delivery_ship(delivery=delivery, by=keeper)
    return services.sales_order_complete(order=order, by=clerk, comment="The customer needs no more")


@pytest.mark.parametrize(("status", "action"), ORDER_CASES)
def test_order_transition(status, action, order_in, clerk, approver, keeper, location):
    order = order_in(status)
    expected = ORDER_ALLOWED.get((status, action))
    people = {"clerk": clerk, "approver": approver, "keeper": keeper, "location": location}
    if expected is None:
        with pytest.raises(DocumentStateError):
            act(action, order, **people)
        assert SalesOrder.objects.get(pk=order.pk).status == status
    else:
        act(action, order, **people)
        assert SalesOrder.objects.get(pk=order.pk).status == expected


DELIVERY_ALLOWED = {(DS.DRAFT, "ship"): DS.SHIPPED, (DS.DRAFT, "cancel"): DS.CANCELLED}


@pytest.mark.parametrize(("status", "action"), [(s, a) for s in DS.values for a in ("ship", "cancel")])
def test_delivery_transition(status, action, approved_order, keeper, location):
    line = approved_order.lines.get()
    delivery = services.delivery_create(
        order=approved_order, by=keeper, date=TODAY, lines=[DeliveryLineData(line.pk, location, Decimal("2"))]
    )
    if status == DS.SHIPPED:
        services.delivery_ship(delivery=delivery, by=keeper)
    elif status == DS.CANCELLED:
        services.delivery_cancel(delivery=delivery, by=keeper)
    expected = DELIVERY_ALLOWED.get((status, action))
    run = services.delivery_ship if action == "ship" else services.delivery_cancel
    if expected is None:
        with pytest.raises(DocumentStateError):
            run(delivery=delivery, by=keeper)
        assert Delivery.objects.get(pk=delivery.pk).status == status
    else:
        run(delivery=delivery, by=keeper)
        assert Delivery.objects.get(pk=delivery.pk).status == expected


def test_the_last_delivery_ships_the_order(approved_order, keeper):
    services.delivery_ship(
        delivery=services.delivery_create(order=approved_order, by=keeper, date=TODAY), by=keeper
    )
    assert SalesOrder.objects.get(pk=approved_order.pk).status == SOS.SHIPPED


def test_a_clerk_cannot_approve_even_someone_elses_order(order_in, keeper):
    order = order_in(SOS.SUBMITTED)
    with pytest.raises(DocumentStateError, match="not allowed"):
        services.sales_order_approve(order=order, by=keeper)
