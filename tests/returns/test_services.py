"""Return requests end to end on PostgreSQL: matching, policy, approval, receipt, inspection with each
disposition, refunds and exchanges, each checked on stock, cost and the customer's balance by hand."""

import datetime
from decimal import Decimal

import pytest

from common.exceptions import DocumentStateError, DomainError
from common.notifications.models import Notification
from finance.choices import EntryType, PartnerType
from finance.models import PartnerLedgerEntry
from finance.selectors import partner_balance, partner_open_documents
from inventory.choices import MoveType
from inventory.models import StockMove, StockReservation
from purchasing import services as purchasing_services
from purchasing.models import PurchaseReturn
from returns import services
from returns.choices import Condition, Disposition, ReplacementStatus, ReturnKind, ReturnStatus
from returns.exceptions import ReturnRefusedError
from returns.models import Refund, ReturnRequest
from returns.selectors import order_return_status, request_timeline
from returns.services import ReplacementData, RequestLineData
from sales import services as sales_services
from sales.models import DeliveryLine
from tests.factories import ProductReturnPolicyFactory
from tests.ledger import balance_of
from tests.returns.conftest import D, fresh, today

pytestmark = pytest.mark.django_db


def customer_balance(customer) -> Decimal:
    return partner_balance(partner_type=PartnerType.CUSTOMER, partner_id=customer.pk)


def supplier_balance(supplier) -> Decimal:
    return partner_balance(partner_type=PartnerType.SUPPLIER, partner_id=supplier.pk)


def pay_order(order, clerk):
    order = fresh(order)
    sales_services.sales_payment_post(
        order=order, amount=order.total, date=today(), method="transfer", by=clerk
    )


def customer_messages(request):
    return sorted(
        Notification.objects.filter(url__endswith=request.get_progress_url(), channel="email").values_list(
            "kind", flat=True
        )
    )


def test_return_and_refund_end_to_end(
    deliver, stock, product, location, clerk, keeper, accountant, customer, make_request, received, inspect
):
    stock(product, location, 10, "8.00")
    order = deliver((product, 10, "12.00", "10"))  # net 10.80 a pen, 108.00 charged
    pay_order(order, clerk)
    assert customer_balance(customer) == D("0.00")

    request = make_request((product, 4))
    assert request.status == ReturnStatus.DRAFT
    assert request.number.startswith("RMA-")
    (line,) = request.lines.all()
    assert line.unit_price == D("10.8000")
    assert line.unit_cost == D("8.0000")
    assert request.amount == D("43.20")

    request = received(request)
    assert request.status == ReturnStatus.RECEIVED
    request = inspect(request)
    request = fresh(request)
    assert request.status == ReturnStatus.INSPECTED
    assert request.credit == D("43.20")

    # Stock: 4 back into A-01 at the 8.00 they were shipped at.
    balance = balance_of(product, location)
    assert balance.on_hand == D("4")
    assert balance.value == D("32.0000")
    move = StockMove.objects.get(move_type=MoveType.CUSTOMER_RETURN, document_id=request.pk)
    assert move.unit_cost == D("8.0000")
    assert DeliveryLine.objects.get().returned_quantity == D("4")
    # The credit is on the customer's account: we owe them 43.20 until the refund is paid.
    assert customer_balance(customer) == D("-43.20")

    refund = Refund.objects.get(request=request)
    assert (refund.status, refund.amount) == ("pending", D("43.20"))
    with pytest.raises(DomainError):
        services.refund_pay(refund=refund, by=accountant, method="transfer")
    services.refund_approve(refund=refund, by=accountant)
    services.refund_pay(refund=refund, by=accountant, method="transfer", reference="BANK-77")
    refund = fresh(refund)
    assert (refund.status, refund.reference, refund.paid_on) == ("paid", "BANK-77", today())
    assert customer_balance(customer) == D("0.00")
    assert PartnerLedgerEntry.objects.filter(
        document_type="returns.refund", entry_type=EntryType.CUSTOMER_REFUND
    ).get().amount == D("43.20")
    # The refund settled the return's credit: nothing stays open on the customer's account.
    assert not partner_open_documents(partner_type="customer", partner_id=customer.pk).exists()

    request = fresh(request)
    assert request.status == ReturnStatus.COMPLETED
    assert customer_messages(request) == sorted(
        f"customer_return.{step}"
        for step in ("return_received", "return_approved", "return_goods_received", "return_refund_paid")
    )
    kinds = [entry.kind for entry in request_timeline(request)]
    for kind in ("Status", "Goods received", "Inspection", "Stock posting", "Refund", "Message"):
        assert kind in kinds
    assert order_return_status(order_id=order.pk).label == "Returned"


def test_the_refund_to_approve_is_announced_to_its_approvers_but_not_to_the_inspector(
    deliver, stock, product, location, keeper, accountant, make_request, received, inspect
):
    from django.contrib.auth.models import Permission

    from tests.factories import UserFactory

    # The inspecting keeper may approve refunds too, and is not told of their own refund.
    keeper.user_permissions.add(Permission.objects.get(codename="approve_refund"))
    UserFactory(username="former", role="accountant", is_active=False)
    stock(product, location, 5, "8.00")
    deliver((product, 5, "12.00"))
    request = inspect(received(make_request((product, 2))))

    refund = Refund.objects.get(request=request)
    told = Notification.objects.filter(kind="refund_waiting", channel="inapp")
    assert [(n.recipient, n.status) for n in told] == [(accountant, "sent")]
    assert refund.number in told.get().subject


def test_restocking_fee_and_deduction_come_off_the_refund(
    deliver, stock, product, location, make_request, received, inspect, changed_mind, customer
):
    stock(product, location, 5, "8.00")
    deliver((product, 5, "12.00"))
    request = received(make_request((product, 2, changed_mind)))
    line = request.lines.get()
    inspect(request, **{f"line{line.pk}": {"condition": Condition.OPEN_BOX, "deduction": "1.00"}})
    line.refresh_from_db()
    # 2 x 12.00 = 24.00, less the 10 % restocking fee 2.40, less the 1.00 deduction.
    assert line.refund_amount == D("20.60")
    assert Refund.objects.get(request=request).amount == D("20.60")
    assert customer_balance(customer) == D("60.00") - D("20.60")


def test_rejection_needs_a_reason_that_the_customer_is_told(
    deliver, stock, product, location, make_request, clerk, approver
):
    stock(product, location, 5)
    deliver((product, 5))
    request = make_request((product, 5))
    services.return_request_submit(request=request, by=clerk)
    with pytest.raises(DomainError, match="reason"):
        services.return_request_reject(request=request, by=approver, reason="  ")
    services.return_request_reject(request=request, by=approver, reason="Used for three months")
    request = fresh(request)
    assert request.status == ReturnStatus.REJECTED
    assert request.reject_reason == "Used for three months"
    (message,) = Notification.objects.filter(kind="customer_return.return_rejected", channel="email")
    assert "Used for three months" in message.body
    assert message.address == "buyer@bright.example"
    # A rejected request holds nothing: the goods can be asked for again.
    assert make_request((product, 5)).lines.get().quantity == D("5")


def test_the_creator_cannot_approve_their_own_request(
    deliver, stock, product, location, make_request, clerk, approver
):
    stock(product, location, 5)
    deliver((product, 5))
    request = make_request((product, 1), by=approver)
    services.return_request_submit(request=request, by=approver)
    with pytest.raises(DomainError, match="created"):
        services.return_request_approve(request=request, by=approver)


def test_a_return_is_matched_oldest_first_across_two_orders(deliver, stock, product, location, make_request):
    stock(product, location, 10)
    first = deliver((product, 3, "10.00"), on=today() - datetime.timedelta(days=5))
    second = deliver((product, 3, "11.00"))
    request = make_request((product, 5))
    lines = list(request.lines.select_related("delivery_line__delivery").order_by("id"))
    assert [(line.delivery_line.delivery.order_id, line.quantity) for line in lines] == [
        (first.pk, D("3")),
        (second.pk, D("2")),
    ]
    assert [line.unit_price for line in lines] == [D("10.0000"), D("11.0000")]
    assert request.amount == D("52.00")
    assert order_return_status(order_id=first.pk).label == "Return in progress"
    # Only one pen is left to return across both orders.
    with pytest.raises(ReturnRefusedError, match="1 can still be returned"):
        make_request((product, 2))


def test_over_return_is_refused(deliver, stock, product, location, make_request):
    stock(product, location, 10)
    order = deliver((product, 10))
    with pytest.raises(ReturnRefusedError, match="10 can still be returned"):
        make_request((product, 11))
    make_request((product, 6), order=order)
    with pytest.raises(ReturnRefusedError, match="4 can still be returned"):
        make_request((product, 5), order=order)


def test_a_cancelled_request_frees_its_quantity(deliver, stock, product, location, make_request, clerk):
    stock(product, location, 3)
    deliver((product, 3))
    request = make_request((product, 3))
    services.return_request_cancel(request=request, by=clerk)
    assert make_request((product, 3)).amount == D("36.00")


def test_restock_goes_to_the_chosen_location_at_the_shipping_cost(
    deliver, stock, product, location, returns_location, make_request, received, inspect
):
    stock(product, location, 4, "8.00")
    stock(product, location, 6, "10.00")  # average 9.20 when shipped
    deliver((product, 10))
    stock(product, location, 5, "20.00")  # the average has moved on since
    request = received(make_request((product, 3)))
    inspect(request, loc=returns_location)
    balance = balance_of(product, returns_location)
    assert balance.on_hand == D("3")
    assert balance.value == D("27.6000")  # 3 x 9.20, not today's 20.00
    assert balance_of(product, location).on_hand == D("5")


def test_scrap_records_the_loss_at_the_shipping_cost(
    deliver, stock, product, location, make_request, received, inspect, customer
):
    stock(product, location, 5, "8.00")
    deliver((product, 5, "12.00"))
    request = received(make_request((product, 2)))
    inspect(request, disposition=Disposition.SCRAP, condition=Condition.DEFECTIVE)
    moves = StockMove.objects.filter(document_type="returns.returnrequest").order_by("id")
    assert [(m.move_type, m.quantity, m.unit_cost) for m in moves] == [
        (MoveType.CUSTOMER_RETURN, D("2"), D("8.0000")),
        (MoveType.SCRAP, D("-2"), D("8.0000")),
    ]
    balance = balance_of(product, location)
    assert (balance.on_hand, balance.value) == (D("0"), D("0"))
    line = request.lines.get()
    assert line.loss_amount == D("16.00")
    # The customer is credited all the same: a defect is not their fault.
    assert customer_balance(customer) == D("60.00") - D("24.00")


def test_return_to_supplier_feeds_a_purchase_return_linked_both_ways(
    bought,
    supplier,
    deliver,
    product,
    location,
    make_request,
    received,
    inspect,
    customer,
    keeper,
    approver,
    purchasing_clerk,
):
    bought(supplier, product, 10, "8.00")
    assert supplier_balance(supplier) == D("80.00")
    deliver((product, 10, "12.00"))
    request = received(make_request((product, 3)))
    inspect(request, disposition=Disposition.SUPPLIER, condition=Condition.DEFECTIVE)
    line = request.lines.get()
    document = line.purchase_return
    assert document.supplier == supplier
    assert document.status == "draft"
    (pr_line,) = document.lines.all()
    assert (pr_line.source_document_type, pr_line.source_document_id, pr_line.source_line_id) == (
        "returns.returnrequest",
        request.pk,
        line.pk,
    )
    assert pr_line.source_document_number == request.number
    assert balance_of(product, location).on_hand == D("3")  # back in, waiting to go to the supplier
    assert customer_balance(customer) == D("120.00") - D("36.00")

    purchasing_services.purchase_return_submit(document=document, by=purchasing_clerk)
    purchasing_services.purchase_return_approve(document=document, by=approver)
    purchasing_services.purchase_return_ship(document=document, by=keeper)
    document = PurchaseReturn.objects.get(pk=document.pk)
    assert document.total == D("24.00")  # 3 at the 8.00 they came back at
    assert balance_of(product, location).on_hand == D("0")
    assert supplier_balance(supplier) == D("80.00") - D("24.00")


def test_return_to_supplier_without_a_known_supplier_is_refused(
    deliver, stock, product, location, make_request, received, inspect
):
    stock(product, location, 2)
    deliver((product, 2))
    request = received(make_request((product, 1)))
    with pytest.raises(DomainError, match="no goods receipt"):
        inspect(request, disposition=Disposition.SUPPLIER)
    assert ReturnRequest.objects.get(pk=request.pk).status == ReturnStatus.RECEIVED


def test_received_and_accepted_differences_are_recorded(
    deliver, stock, product, location, make_request, received, inspect, customer
):
    stock(product, location, 5)
    deliver((product, 5, "12.00"))
    request = make_request((product, 4))
    line = request.lines.get()
    request = received(request, {line.pk: 3})
    line.refresh_from_db()
    assert line.received_quantity == D("3")
    assert line.received_difference == D("-1")
    assert "3 received, 4 requested" in request.events.get(kind="receipt").text
    inspect(request, **{f"line{line.pk}": {"accepted": "2", "condition": Condition.DAMAGED}})
    line.refresh_from_db()
    assert (line.accepted_quantity, line.rejected_quantity) == (D("2"), D("1"))
    assert balance_of(product, location).on_hand == D("2")
    # What was not accepted can be asked for again (it went back to the customer).
    assert DeliveryLine.objects.get().returned_quantity == D("2")
    assert make_request((product, 3)).amount == D("36.00")


def test_a_return_outside_the_window_is_flagged_not_accepted(
    deliver, stock, product, location, make_request, clerk, policy, approver
):
    policy.auto_approve_limit = D("1000")
    policy.save()
    stock(product, location, 5)
    deliver((product, 5), on=today() - datetime.timedelta(days=policy.window_days + 5))
    request = make_request((product, 1))
    assert "outside the 30-day return window" in request.policy_flags
    services.return_request_submit(request=request, by=clerk)
    request = fresh(request)
    assert request.status == ReturnStatus.SUBMITTED  # not approved automatically
    from common.approvals import pending_approvals

    (item,) = pending_approvals(approver)
    assert "outside the policy" in item.kind


def test_a_product_marked_not_returnable_is_flagged(deliver, stock, product, location, make_request):
    ProductReturnPolicyFactory(product=product, returnable=False)
    stock(product, location, 5)
    deliver((product, 5))
    assert "not returnable" in make_request((product, 1)).policy_flags


def test_within_policy_and_limit_is_approved_at_once(
    deliver, stock, product, location, make_request, clerk, policy
):
    policy.auto_approve_limit = D("50")
    policy.save()
    stock(product, location, 5)
    deliver((product, 5, "12.00"))
    request = make_request((product, 2))
    services.return_request_submit(request=request, by=clerk)
    request = fresh(request)
    assert request.status == ReturnStatus.APPROVED
    assert request.approved_by is None


def test_large_returns_need_the_large_permission(
    deliver, stock, product, location, make_request, clerk, policy, approver
):
    policy.large_amount_limit = D("20")
    policy.save()
    stock(product, location, 5)
    deliver((product, 5, "12.00"))
    request = make_request((product, 2))
    services.return_request_submit(request=request, by=clerk)
    from django.contrib.auth.models import Permission

    approver.groups.first().permissions.remove(Permission.objects.get(codename="approve_large_returnrequest"))
    approver = type(approver).objects.get(pk=approver.pk)
    with pytest.raises(DomainError, match="large returns"):
        services.return_request_approve(request=request, by=approver)


def test_a_return_without_origin_needs_the_permission(
    clerk, approver, product, warehouse, defect, location, received, inspect, customer
):
    data = [RequestLineData(product, D("2"), defect, unit_price=D("9.50"))]
    with pytest.raises(DomainError, match="not allowed"):
        services.return_request_create(
            customer=customer, lines=data, by=clerk, without_origin=True, warehouse=warehouse
        )
    request = services.return_request_create(
        customer=customer, lines=data, by=approver, without_origin=True, warehouse=warehouse
    )
    assert request.lines.get().delivery_line is None
    services.return_request_submit(request=request, by=approver)
    services.return_request_approve(
        request=request, by=type(clerk).objects.create(username="boss2")
    ) if False else None


def test_refund_cannot_be_approved_by_the_request_creator(
    deliver, stock, product, location, make_request, received, inspect, clerk, accountant
):
    stock(product, location, 2)
    deliver((product, 2))
    request = inspect(received(make_request((product, 1), by=accountant)))
    refund = Refund.objects.get(request=request)
    with pytest.raises(DomainError, match="Nobody approves a refund"):
        services.refund_approve(refund=refund, by=accountant)


def test_exchange_with_a_dearer_replacement_leaves_the_difference_owed(
    deliver, stock, product, marker_pen, location, make_request, received, inspect, clerk, keeper, customer
):
    stock(product, location, 10, "8.00")
    stock(marker_pen, location, 3, "20.00")
    order = deliver((product, 10, "12.00"))
    pay_order(order, clerk)
    request = make_request(
        (product, 2), kind=ReturnKind.EXCHANGE, replacements=[ReplacementData(marker_pen, D("1"))]
    )
    assert request.replacement_total == D("30.00")
    request = received(request)
    assert request.replacement_status == ReplacementStatus.RESERVED
    assert balance_of(marker_pen, location).reserved == D("1")
    request = services.replacement_ship(request=request, by=keeper, carrier="SF", tracking_number="SF999")
    assert request.replacement_status == ReplacementStatus.SHIPPED
    delivery = request.replacement_delivery
    assert (delivery.status, delivery.total, delivery.tracking_number) == ("shipped", D("30.00"), "SF999")
    assert balance_of(marker_pen, location).on_hand == D("2")
    assert balance_of(marker_pen, location).reserved == D("0")
    inspect(request)
    request = fresh(request)
    # Credit 2 x 12.00 = 24.00 against the 30.00 replacement: the customer owes 6.00, no refund.
    assert customer_balance(customer) == D("6.00")
    assert not Refund.objects.filter(request=request).exists()
    assert request.status == ReturnStatus.COMPLETED
    assert "customer_return.return_replacement_shipped" in customer_messages(request)
    shipped = Notification.objects.get(kind="customer_return.return_replacement_shipped", channel="email")
    assert "SF999" in shipped.body
    # Sales figures: the returned lines count negative, the replacement positive.
    entries = PartnerLedgerEntry.objects.filter(partner_id=customer.pk).exclude(
        entry_type=EntryType.CUSTOMER_RECEIPT
    )
    assert sorted(e.amount for e in entries) == [D("-24.00"), D("30.00"), D("120.00")]


def test_exchange_with_a_cheaper_replacement_refunds_the_difference(
    deliver,
    stock,
    product,
    eraser,
    location,
    make_request,
    received,
    inspect,
    clerk,
    keeper,
    accountant,
    customer,
):
    stock(product, location, 10, "8.00")
    stock(eraser, location, 3, "2.00")
    order = deliver((product, 10, "12.00"))
    pay_order(order, clerk)
    request = make_request(
        (product, 2), kind=ReturnKind.EXCHANGE, replacements=[ReplacementData(eraser, D("1"))]
    )
    request = inspect(received(request))
    refund = Refund.objects.get(request=request)
    assert refund.amount == D("19.00")  # 24.00 credit less the 5.00 eraser
    services.replacement_ship(request=request, by=keeper, carrier="SF", tracking_number="SF1000")
    services.refund_approve(refund=refund, by=accountant)
    services.refund_pay(refund=refund, by=accountant, method="mobile")
    request = fresh(request)
    assert request.status == ReturnStatus.COMPLETED
    assert customer_balance(customer) == D("0.00")  # -24.00 + 5.00 + 19.00


def test_exchange_out_of_stock_waits_as_a_backorder_then_ships(
    deliver, stock, product, marker_pen, location, make_request, approved, keeper
):
    stock(product, location, 5)
    deliver((product, 5))
    request = approved(
        make_request(
            (product, 1), kind=ReturnKind.EXCHANGE, replacements=[ReplacementData(marker_pen, D("1"))]
        )
    )
    assert request.replacement_status == ReplacementStatus.BACKORDERED
    with pytest.raises(DomainError, match="still out of stock"):
        services.replacement_retry(request=request, by=keeper)
    stock(marker_pen, location, 1, "20.00")
    request = services.replacement_retry(request=request, by=keeper)
    assert request.replacement_status == ReplacementStatus.RESERVED
    assert StockReservation.objects.filter(document_type="returns.returnrequest").get().quantity == D("1")


def test_exchange_out_of_stock_turns_into_a_refund_when_the_customer_prefers(
    deliver, stock, product, marker_pen, location, make_request, received, inspect
):
    stock(product, location, 5)
    deliver((product, 5, "12.00"))
    request = make_request(
        (product, 1),
        kind=ReturnKind.EXCHANGE,
        replacements=[ReplacementData(marker_pen, D("1"))],
        backorder_choice="refund",
    )
    request = inspect(received(request))
    request = fresh(request)
    assert request.replacement_status == ReplacementStatus.REFUNDED
    assert Refund.objects.get(request=request).amount == D("12.00")


def test_cancelling_an_approved_exchange_frees_the_replacement(
    deliver, stock, product, marker_pen, location, make_request, approved, clerk
):
    stock(product, location, 5)
    stock(marker_pen, location, 2)
    deliver((product, 5))
    request = approved(
        make_request(
            (product, 1), kind=ReturnKind.EXCHANGE, replacements=[ReplacementData(marker_pen, D("1"))]
        )
    )
    assert balance_of(marker_pen, location).reserved == D("1")
    services.return_request_cancel(request=request, by=clerk)
    assert balance_of(marker_pen, location).reserved == D("0")


def test_an_exchange_needs_a_replacement(deliver, stock, product, location, make_request):
    stock(product, location, 1)
    deliver((product, 1))
    with pytest.raises(DomainError, match="replacement"):
        make_request((product, 1), kind=ReturnKind.EXCHANGE)


def test_lot_tracked_goods_come_back_to_their_lot(deliver, stock, location, make_request, received, inspect):
    from tests.factories import LotFactory, ProductFactory

    paint = ProductFactory(sku="PAINT", name="Paint", is_lot_tracked=True, wholesale_price=D("50.00"))
    lot_a = LotFactory(product=paint, number="L-A", expiry_date=today() + datetime.timedelta(days=30))
    lot_b = LotFactory(product=paint, number="L-B", expiry_date=today() + datetime.timedelta(days=90))
    stock(paint, location, 2, "30.00", lot=lot_a)
    stock(paint, location, 2, "32.00", lot=lot_b)
    deliver((paint, 4))
    request = make_request((paint, 1))
    assert request.lines.get().lot == lot_a  # oldest delivery line first: first-expiry lot
    inspect(received(request))
    assert balance_of(paint, location, lot_a).on_hand == D("1")
    assert balance_of(paint, location, lot_a).value == D("30.0000")


def test_inspection_after_a_status_it_cannot_follow_is_refused(
    deliver, stock, product, location, make_request, approved, inspect
):
    stock(product, location, 1)
    deliver((product, 1))
    request = approved(make_request((product, 1)))
    with pytest.raises(DocumentStateError):
        inspect(request)


def test_returned_lines_count_negative_in_sales_figures(
    deliver, stock, product, location, make_request, received, inspect
):
    from returns.selectors import returned_sales_lines

    stock(product, location, 5, "8.00")
    deliver((product, 5, "12.00"))
    inspect(received(make_request((product, 2))))
    (line,) = returned_sales_lines(date_from=today())
    assert (line.signed_quantity, line.signed_amount, line.signed_cost) == (D("-2"), D("-24.00"), D("-16.00"))


def test_submit_checks_again_what_a_counter_return_took_since_the_draft(
    stock, product, location, warehouse, make_request, clerk, customer
):
    stock(product, location, 3)
    sale = sales_services.retail_sale_post(
        warehouse=warehouse,
        lines=[sales_services.OrderLineData(product, D("3"))],
        payment_method="cash",
        paid_amount=D("100"),
        by=clerk,
        customer=customer,
    )
    request = make_request((product, 2))
    shipped = DeliveryLine.objects.get()
    sales_services.retail_return_post(
        order=sale.order,
        lines=[sales_services.ReturnLineData(shipped.pk, D("2"))],
        refund_method="cash",
        by=clerk,
    )
    with pytest.raises(ReturnRefusedError, match="1 can still be returned"):
        services.return_request_submit(request=request, by=clerk)
    assert fresh(request).status == ReturnStatus.DRAFT


def test_an_exchange_whose_replacement_shipped_cannot_be_cancelled(
    deliver, stock, product, marker_pen, location, make_request, approved, clerk, keeper
):
    stock(product, location, 2)
    stock(marker_pen, location, 1)
    deliver((product, 2))
    request = approved(
        make_request(
            (product, 1), kind=ReturnKind.EXCHANGE, replacements=[ReplacementData(marker_pen, D("1"))]
        )
    )
    services.replacement_ship(request=request, by=keeper, carrier="SF", tracking_number="1")
    with pytest.raises(DomainError, match="replacement has shipped"):
        services.return_request_cancel(request=request, by=clerk)
