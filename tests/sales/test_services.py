import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from common.documents import document_history
from common.exceptions import DocumentStateError, DomainError
from finance.choices import EntryType, PartnerType
from finance.models import PartnerLedgerEntry
from finance.selectors import partner_balance
from inventory.choices import MoveType
from inventory.exceptions import InsufficientStockError
from inventory.models import StockBalance, StockMove, StockReservation
from sales import services
from sales.choices import CustomerStage, SalesOrderStatus
from sales.exceptions import PaymentRefusedError, ReturnRefusedError, ShipmentRefusedError
from sales.models import Delivery, SalesOrder
from sales.selectors import collection_orders, order_collection
from sales.services import DeliveryLineData, OrderLineData, ReturnLineData
from tests.factories import CustomerFactory, LocationFactory, LotFactory, ProductFactory, UserFactory
from tests.sales.conftest import TODAY

SOS = SalesOrderStatus

pytestmark = pytest.mark.django_db


def fresh(document):
    """Documents have a protected status field: read them again instead of refreshing them."""
    return type(document).objects.get(pk=document.pk)


def receivable(customer):
    return partner_balance(partner_type=PartnerType.CUSTOMER, partner_id=customer.pk)


def balance(product, location, lot=None):
    return StockBalance.objects.get(product=product, location=location, lot=lot)


def reserved(order):
    return sum(
        (
            r.quantity
            for r in StockReservation.objects.filter(document_type="sales.salesorder", document_id=order.pk)
        ),
        Decimal("0"),
    )


def test_whole_lifecycle(make_order, clerk, keeper, stock, customer, product, location):
    pad = ProductFactory(sku="PAD-1", sale_price=Decimal("6.00"), wholesale_price=Decimal("5.00"))
    stock(product, location, 20, "8.00")
    stock(pad, location, 10, "3.00")
    order = make_order((product, 10), (pad, 4, "5.50", "10"), expected_date=datetime.date(2026, 3, 9))
    assert order.status == SOS.DRAFT
    assert order.price_type == "wholesale"
    pen_line, pad_line = order.lines.order_by("id")
    assert pen_line.unit_price == Decimal("12.0000")  # the wholesale list price
    assert pad_line.amount == Decimal("19.80")  # 4 x 5.50 less 10 %
    assert order.total == Decimal("139.80")

    services.sales_order_submit(order=order, by=clerk)
    order = fresh(order)
    assert order.status == SOS.APPROVED  # within credit, in stock: approved at once
    assert reserved(order) == Decimal("14")
    assert balance(product, location).reserved == Decimal("10")

    delivery = services.delivery_create(order=order, by=keeper, date=TODAY, carrier="SF Express")
    assert [(line.quantity, line.location_id) for line in delivery.lines.all()] == [
        (Decimal("10"), location.pk),
        (Decimal("4"), location.pk),
    ]
    services.delivery_ship(delivery=delivery, by=keeper, tracking_number="SF123")
    delivery, order = fresh(delivery), fresh(order)
    assert delivery.status == "shipped"
    assert delivery.tracking_number == "SF123"
    assert delivery.total == Decimal("139.80")
    assert delivery.cost_total == Decimal("92.00")  # 10 x 8 + 4 x 3
    assert order.status == SOS.SHIPPED
    assert reserved(order) == 0
    assert balance(product, location).on_hand == Decimal("10")
    assert balance(product, location).reserved == 0
    assert receivable(customer) == Decimal("139.80")
    assert PartnerLedgerEntry.objects.get(document_type="sales.delivery").entry_type == EntryType.SALE
    moves = StockMove.objects.filter(document_type="sales.delivery", move_type=MoveType.SHIPMENT)
    assert sorted(m.quantity for m in moves) == [Decimal("-10"), Decimal("-4")]

    services.sales_order_complete(order=order, by=clerk)
    order = fresh(order)
    assert order.status == SOS.COMPLETED
    assert [(e.source, e.target) for e in document_history(order)] == [
        ("draft", "submitted"),
        ("submitted", "approved"),
        ("approved", "shipped"),
        ("shipped", "completed"),
    ]


def test_retail_customer_gets_the_retail_price(make_order, product):
    shop = CustomerFactory(customer_type="retail", credit_limit=Decimal("1000"))
    order = make_order((product, 2), customer=shop)
    assert order.price_type == "retail"
    assert order.lines.get().unit_price == Decimal("15.0000")


def test_an_order_worth_more_than_the_books_hold_is_refused(make_order, product):
    from sales.models import SalesOrder

    with pytest.raises(DomainError, match="an order line holds less than 1,000,000,000,000"):
        make_order((product, "99999999999", "99999"))
    with pytest.raises(DomainError, match="an order holds less than 1,000,000,000,000"):
        make_order((product, "9999999", "99999"), (product, "9999999", "99999"))
    assert not SalesOrder.objects.exists()


def test_a_double_submit_creates_one_order(make_order, product):
    import uuid

    token = uuid.uuid4()
    first = make_order((product, 1), client_token=token)
    second = make_order((product, 2), client_token=token)
    assert first.pk == second.pk
    assert SalesOrder.objects.count() == 1


def test_partial_delivery_keeps_the_rest_reserved(approved_order, keeper, product, location, customer):
    line = approved_order.lines.get()
    first = services.delivery_create(
        order=approved_order, by=keeper, date=TODAY, lines=[DeliveryLineData(line.pk, location, Decimal("4"))]
    )
    services.delivery_ship(delivery=first, by=keeper)
    order = fresh(approved_order)
    assert order.status == SOS.PARTIALLY_SHIPPED
    assert order.lines.get().shipped_quantity == Decimal("4")
    assert reserved(order) == Decimal("6")
    assert balance(product, location).on_hand == Decimal("6")
    assert balance(product, location).reserved == Decimal("6")
    assert receivable(customer) == Decimal("48.00")
    assert order.due_date == TODAY  # cash terms: due on delivery

    second = services.delivery_create(order=order, by=keeper, date=TODAY)
    assert second.lines.get().quantity == Decimal("6")  # what is left, from the reserved location
    services.delivery_ship(delivery=second, by=keeper)
    order = fresh(order)
    assert order.status == SOS.SHIPPED
    assert receivable(customer) == Decimal("120.00")
    assert reserved(order) == 0


def test_a_partially_shipped_order_closes_short_with_a_reason_and_frees_the_rest(
    approved_order, clerk, keeper, product, location, customer, client_for
):
    line = approved_order.lines.get()
    first = services.delivery_create(
        order=approved_order, by=keeper, date=TODAY, lines=[DeliveryLineData(line.pk, location, Decimal("4"))]
    )
    services.delivery_ship(delivery=first, by=keeper)
    draft = services.delivery_create(order=fresh(approved_order), by=keeper, date=TODAY)

    with pytest.raises(DomainError, match="Say why"):
        services.sales_order_complete(order=fresh(approved_order), by=clerk, comment="  ")
    assert fresh(approved_order).status == SOS.PARTIALLY_SHIPPED

    page = client_for(clerk).post(
        reverse("sales:order-complete", args=[approved_order.pk]),
        {"reason": "Customer needs no more"},
        follow=True,
    )

    order = fresh(approved_order)
    assert order.status == SOS.COMPLETED
    assert "was closed short" in page.content.decode()
    assert reserved(order) == 0
    assert balance(product, location).reserved == 0
    assert balance(product, location).on_hand == Decimal("6")
    assert fresh(draft).status == "cancelled"
    assert receivable(customer) == Decimal("48.00")  # only what was shipped is owed
    assert list(document_history(order).values_list("comment", flat=True))[-1] == "Customer needs no more"


def test_partial_deliveries_charge_exactly_the_line_amount(
    make_order, clerk, keeper, stock, product, location
):
    stock(product, location, 3)
    order = services.sales_order_submit(order=make_order((product, 3, "3.33", "10")), by=clerk)
    line = order.lines.get()
    assert line.amount == Decimal("8.99")
    for _ in range(3):
        delivery = services.delivery_create(
            order=order, by=keeper, date=TODAY, lines=[DeliveryLineData(line.pk, location, Decimal("1"))]
        )
        services.delivery_ship(delivery=delivery, by=keeper)
    assert sum(d.total for d in Delivery.objects.filter(order=order)) == Decimal("8.99")


def test_cancel_releases_the_reservation(approved_order, clerk, product, location):
    assert balance(product, location).reserved == Decimal("10")
    services.sales_order_cancel(order=approved_order, by=clerk)
    assert fresh(approved_order).status == SOS.CANCELLED
    assert balance(product, location).reserved == 0
    assert reserved(approved_order) == 0


def test_cancel_is_refused_after_a_shipment(approved_order, clerk, keeper, location):
    line = approved_order.lines.get()
    delivery = services.delivery_create(
        order=approved_order, by=keeper, date=TODAY, lines=[DeliveryLineData(line.pk, location, Decimal("1"))]
    )
    services.delivery_ship(delivery=delivery, by=keeper)
    with pytest.raises(DocumentStateError):
        services.sales_order_cancel(order=approved_order, by=clerk)


def test_cancel_also_cancels_draft_deliveries(approved_order, clerk, keeper):
    delivery = services.delivery_create(order=approved_order, by=keeper, date=TODAY)
    services.sales_order_cancel(order=approved_order, by=clerk)
    assert fresh(delivery).status == "cancelled"


def test_over_the_credit_limit_the_order_waits_for_an_approver(
    make_order, clerk, approver, stock, product, location, customer
):
    customer.credit_limit = Decimal("100.00")
    customer.save()
    stock(product, location, 20)
    order = services.sales_order_submit(order=make_order((product, 10)), by=clerk)  # 120.00
    assert order.status == SOS.SUBMITTED
    assert "Over the credit limit by 20.00" in order.approval_note
    assert reserved(order) == 0
    with pytest.raises(DomainError, match="Nobody approves a document they created"):
        services.sales_order_approve(order=order, by=clerk)
    services.sales_order_approve(order=order, by=approver)
    order = fresh(order)
    assert order.status == SOS.APPROVED
    assert order.approved_by == approver
    assert reserved(order) == Decimal("10")


def test_open_receivable_counts_against_the_credit_limit(
    approved_order, make_order, clerk, keeper, stock, product, location, customer
):
    customer.credit_limit = Decimal("200.00")
    customer.save()
    services.delivery_ship(
        delivery=services.delivery_create(order=approved_order, by=keeper, date=TODAY), by=keeper
    )
    assert receivable(customer) == Decimal("120.00")
    stock(product, location, 10)
    order = services.sales_order_submit(order=make_order((product, 7)), by=clerk)  # 120 + 84 > 200
    assert order.status == SOS.SUBMITTED
    assert "Over the credit limit by 4.00" in order.approval_note
    small = services.sales_order_submit(order=make_order((product, 6)), by=clerk)  # 120 + 72 <= 200
    assert small.status == SOS.APPROVED


def test_short_of_stock_the_order_waits_and_the_approver_cannot_approve_it(
    make_order, clerk, approver, stock, product, location
):
    stock(product, location, 3)
    order = services.sales_order_submit(order=make_order((product, 5)), by=clerk)
    assert order.status == SOS.SUBMITTED
    assert "Short of stock: PEN-1 Pen needs 5, 3 available" in order.approval_note
    with pytest.raises(InsufficientStockError):
        services.sales_order_approve(order=order, by=approver)
    assert fresh(order).status == SOS.SUBMITTED
    stock(product, location, 2)
    services.sales_order_approve(order=order, by=approver)
    assert fresh(order).status == SOS.APPROVED


def test_reservation_takes_the_first_expiring_lot(make_order, clerk, keeper, stock, warehouse):
    milk = ProductFactory(sku="MILK", is_lot_tracked=True)
    late = LotFactory(product=milk, expiry_date=datetime.date(2026, 9, 1))
    early = LotFactory(product=milk, expiry_date=datetime.date(2026, 4, 1))
    loc_a = LocationFactory(warehouse=warehouse, code="A")
    loc_b = LocationFactory(warehouse=warehouse, code="B")
    stock(milk, loc_a, 5, lot=late)
    stock(milk, loc_b, 5, lot=early)
    order = services.sales_order_submit(order=make_order((milk, 7)), by=clerk)
    delivery = services.delivery_create(order=order, by=keeper, date=TODAY)
    picks = [(line.lot_id, line.quantity) for line in delivery.lines.order_by("id")]
    assert picks == [(early.pk, Decimal("5")), (late.pk, Decimal("2"))]
    services.delivery_ship(delivery=delivery, by=keeper)
    assert balance(milk, loc_b, early).on_hand == 0
    assert balance(milk, loc_a, late).on_hand == Decimal("3")


def test_shipping_more_than_the_order_has_open_is_refused(approved_order, keeper, location):
    line = approved_order.lines.get()
    with pytest.raises(ShipmentRefusedError, match="only 10 of 10 remain to be shipped"):
        services.delivery_create(
            order=approved_order,
            by=keeper,
            date=TODAY,
            lines=[DeliveryLineData(line.pk, location, Decimal("11"))],
        )


def test_shipping_more_than_the_location_holds_is_refused(
    approved_order, keeper, warehouse, product, location
):
    empty = LocationFactory(warehouse=warehouse, code="Z-99")
    line = approved_order.lines.get()
    delivery = services.delivery_create(
        order=approved_order, by=keeper, date=TODAY, lines=[DeliveryLineData(line.pk, empty, Decimal("2"))]
    )
    with pytest.raises(InsufficientStockError, match="Not enough stock of PEN-1 Pen"):
        services.delivery_ship(delivery=delivery, by=keeper)
    assert fresh(delivery).status == "draft"
    assert balance(product, location).reserved == Decimal("10")  # nothing changed


def test_created_and_shipped_at_once_the_order_is_shipped_and_charged(
    approved_order, keeper, product, location
):
    delivery = services.delivery_create(order=approved_order, by=keeper, date=TODAY, ship=True)

    assert fresh(delivery).status == "shipped"
    assert fresh(approved_order).status == SalesOrderStatus.SHIPPED
    assert balance(product, location).on_hand == Decimal("0")
    assert balance(product, location).reserved == Decimal("0")
    (line,) = fresh(delivery).lines.all()
    assert line.cost_amount > 0
    assert fresh(delivery).quantity_total == Decimal("10")
    assert PartnerLedgerEntry.objects.get(document_number=delivery.number).amount == delivery.total


def test_a_refused_shipment_at_once_leaves_no_draft_behind(
    approved_order, keeper, clerk, warehouse, location
):
    """Shipping from an empty location, or by someone who may not ship, refuses the whole delivery."""
    empty = LocationFactory(warehouse=warehouse, code="Z-98")
    line = approved_order.lines.get()
    with pytest.raises(InsufficientStockError):
        services.delivery_create(
            order=approved_order,
            by=keeper,
            date=TODAY,
            lines=[DeliveryLineData(line.pk, empty, Decimal("2"))],
            ship=True,
        )
    with pytest.raises(DocumentStateError):
        services.delivery_create(order=approved_order, by=clerk, date=TODAY, ship=True)

    assert not Delivery.objects.filter(order=approved_order).exists()
    assert fresh(approved_order).status == SalesOrderStatus.APPROVED
    assert StockMove.objects.filter(document_type="sales.delivery").count() == 0


def test_goods_reserved_for_one_order_cannot_be_shipped_for_another(
    approved_order, make_order, clerk, approver, keeper, stock, product, location
):
    other = services.sales_order_submit(order=make_order((product, 2)), by=clerk)
    assert other.status == SOS.SUBMITTED  # all 10 are held by the first order
    stock(product, location, 2)
    services.sales_order_approve(order=other, by=approver)
    line = other.lines.get()
    delivery = services.delivery_create(
        order=other, by=keeper, date=TODAY, lines=[DeliveryLineData(line.pk, location, Decimal("2"))]
    )
    services.delivery_ship(delivery=delivery, by=keeper)
    assert balance(product, location).on_hand == Decimal("10")
    assert balance(product, location).reserved == Decimal("10")


def test_margin_matches_a_hand_computation(make_order, clerk, keeper, stock, product, location):
    # Received 10 at 8.00 and 10 at 11.00: average 9.50. Sold 12 at 12.00 less 5 %.
    stock(product, location, 10, "8.00")
    stock(product, location, 10, "11.00")
    order = services.sales_order_submit(order=make_order((product, 12, "12.00", "5")), by=clerk)
    delivery = services.delivery_ship(
        delivery=services.delivery_create(order=order, by=keeper, date=TODAY), by=keeper
    )
    delivery = fresh(delivery)
    line = delivery.lines.get()
    assert line.unit_cost == Decimal("9.5000")
    assert delivery.total == Decimal("136.80")  # 12 x 12.00 x 0.95
    assert delivery.cost_total == Decimal("114.00")  # 12 x 9.50
    assert delivery.total - delivery.cost_total == Decimal("22.80")


def test_payment_collection(approved_order, keeper, clerk, customer):
    services.delivery_ship(
        delivery=services.delivery_create(order=approved_order, by=keeper, date=TODAY), by=keeper
    )
    collection = order_collection(order_id=approved_order.pk)
    assert (collection.due, collection.received, collection.outstanding) == (
        Decimal("120.00"),
        Decimal("0.00"),
        Decimal("120.00"),
    )
    assert list(collection_orders(overdue_only=True)) == [fresh(approved_order)]  # cash, due on TODAY
    services.sales_payment_post(
        order=approved_order, amount=Decimal("100"), date=TODAY, method="transfer", by=clerk
    )
    assert order_collection(order_id=approved_order.pk).outstanding == Decimal("20.00")
    assert receivable(customer) == Decimal("20.00")
    with pytest.raises(PaymentRefusedError, match="20.00 outstanding"):
        services.sales_payment_post(
            order=approved_order, amount=Decimal("21"), date=TODAY, method="cash", by=clerk
        )
    services.sales_payment_post(
        order=approved_order, amount=Decimal("20"), date=TODAY, method="cash", by=clerk
    )
    assert list(collection_orders(overdue_only=True)) == []


def test_retail_sale_and_counter_return(clerk, stock, product, warehouse, location):
    stock(product, location, 5, "8.00")
    result = services.retail_sale_post(
        warehouse=warehouse,
        lines=[OrderLineData(product, Decimal("3"))],
        payment_method="cash",
        paid_amount=Decimal("50"),
        by=clerk,
        on=TODAY,
    )
    order = fresh(result.order)
    assert order.is_retail
    assert order.status == SOS.COMPLETED
    assert order.total == Decimal("45.00")  # the retail price
    assert result.change == Decimal("5.00")
    assert balance(product, location).on_hand == Decimal("2")
    assert receivable(order.customer) == 0
    delivery_line = order.deliveries.get().lines.get()
    assert delivery_line.unit_cost == Decimal("8.0000")

    returned = services.retail_return_post(
        order=order,
        lines=[ReturnLineData(delivery_line.pk, Decimal("2"))],
        refund_method="cash",
        by=clerk,
        on=TODAY,
    )
    assert returned.total == Decimal("30.00")
    assert returned.cost_total == Decimal("16.00")
    assert balance(product, location).on_hand == Decimal("4")
    move = StockMove.objects.get(document_type="sales.retailreturn")
    assert (move.move_type, move.unit_cost) == (MoveType.CUSTOMER_RETURN, Decimal("8.0000"))
    assert receivable(order.customer) == 0
    with pytest.raises(ReturnRefusedError, match="1 can still come back"):
        services.retail_return_post(
            order=order,
            lines=[ReturnLineData(delivery_line.pk, Decimal("2"))],
            refund_method="cash",
            by=clerk,
        )


def test_retail_sale_is_refused_when_underpaid_or_out_of_stock(clerk, stock, product, warehouse, location):
    stock(product, location, 1)
    with pytest.raises(DomainError, match="pays 10"):
        services.retail_sale_post(
            warehouse=warehouse,
            lines=[OrderLineData(product, Decimal("1"))],
            payment_method="cash",
            paid_amount=Decimal("10"),
            by=clerk,
        )
    with pytest.raises(InsufficientStockError):
        services.retail_sale_post(
            warehouse=warehouse,
            lines=[OrderLineData(product, Decimal("2"))],
            payment_method="cash",
            paid_amount=Decimal("100"),
            by=clerk,
        )
    assert SalesOrder.objects.count() == 0


def test_retail_counter_needs_its_permission(keeper, warehouse, product):
    with pytest.raises(DomainError, match="retail counter"):
        services.retail_sale_post(
            warehouse=warehouse,
            lines=[OrderLineData(product, Decimal("1"))],
            payment_method="cash",
            paid_amount=Decimal("100"),
            by=keeper,
        )


def test_prospect_visits_and_conversion(clerk, make_order, product):
    prospect = CustomerFactory(stage=CustomerStage.PROSPECT)
    visit = services.customer_visit_add(
        customer=prospect,
        date=TODAY,
        kind="call",
        note="Asked for a quote",
        by=clerk,
        next_follow_up=TODAY + datetime.timedelta(days=7),
    )
    assert prospect.visits.get() == visit
    with pytest.raises(DomainError, match="still a prospect"):
        make_order((product, 1), customer=prospect)
    services.prospect_convert(customer=prospect, by=clerk)
    assert fresh(prospect).stage == CustomerStage.CUSTOMER
    with pytest.raises(DomainError, match="already a customer"):
        services.prospect_convert(customer=prospect, by=clerk)


def test_reject_needs_a_reason_and_reopen_returns_to_draft(make_order, clerk, approver, product):
    order = services.sales_order_submit(order=make_order((product, 1)), by=clerk)  # no stock: waits
    with pytest.raises(DomainError, match="reason"):
        services.sales_order_reject(order=order, by=approver, reason=" ")
    services.sales_order_reject(order=order, by=approver, reason="Price too low")
    order = fresh(order)
    assert (order.status, order.reject_reason) == (SOS.REJECTED, "Price too low")
    services.sales_order_reopen(order=order, by=clerk)
    assert fresh(order).status == SOS.DRAFT


def test_only_a_draft_can_be_changed(approved_order, clerk, customer, warehouse, product):
    with pytest.raises(DocumentStateError, match="only a draft"):
        services.sales_order_update(
            order=approved_order,
            customer=customer,
            warehouse=warehouse,
            order_date=TODAY,
            lines=[OrderLineData(product, Decimal("1"))],
            by=clerk,
        )


def test_submit_notifies_the_approvers(make_order, clerk, approver, product):
    from common.notifications.models import Notification

    services.sales_order_submit(order=make_order((product, 1)), by=clerk)
    assert Notification.objects.filter(recipient=approver).count() == 1
    assert not Notification.objects.filter(recipient=clerk).exists()


def test_the_inbox_offers_the_order_to_approvers_but_not_its_creator(make_order, clerk, approver, product):
    from common.approvals import approval_decide, pending_approvals

    order = services.sales_order_submit(order=make_order((product, 1)), by=clerk)
    assert [item.number for item in pending_approvals(approver)] == [order.number]
    assert pending_approvals(clerk) == []
    other = UserFactory(username="approver-2", role="approver")
    approval_decide(key=f"sales.salesorder:{order.pk}", by=other, approve=False, reason="No")
    assert fresh(order).status == SOS.REJECTED


def test_a_lot_of_another_product_is_refused(approved_order, keeper, location):
    line = approved_order.lines.get()
    other_lot = LotFactory()
    with pytest.raises(DomainError, match="belongs to another product"):
        services.delivery_create(
            order=approved_order,
            by=keeper,
            date=TODAY,
            lines=[DeliveryLineData(line.pk, location, Decimal("1"), other_lot)],
        )
