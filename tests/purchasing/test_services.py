import uuid
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission

from common.documents import document_history
from common.exceptions import DocumentStateError, DomainError
from finance.choices import EntryType, PartnerType
from finance.models import PartnerLedgerEntry
from finance.selectors import partner_balance
from inventory.choices import MoveType
from inventory.models import StockBalance, StockMove
from purchasing import services
from purchasing.choices import PurchaseOrderStatus, PurchaseReturnStatus
from purchasing.exceptions import ReceiptRefusedError
from purchasing.models import GoodsReceipt, PurchaseOrder
from purchasing.services import ReturnLineData
from tests.factories import LocationFactory, ProductFactory, UserFactory
from tests.purchasing.conftest import TODAY

POS, PRS = PurchaseOrderStatus, PurchaseReturnStatus

pytestmark = pytest.mark.django_db


def fresh(document):
    """Documents have a protected status field: read them again instead of refreshing them."""
    return type(document).objects.get(pk=document.pk)


def payable(supplier):
    return partner_balance(partner_type=PartnerType.SUPPLIER, partner_id=supplier.pk)


def balance(product, location, lot=None):
    return StockBalance.objects.get(product=product, location=location, lot=lot)


def test_whole_lifecycle(make_order, clerk, approver, keeper, receive, supplier, product, location):
    screw = ProductFactory(sku="SCREW-1")
    order = make_order((product, 10, "5.00"), (screw, 4, "2.50"))
    assert order.status == POS.DRAFT
    assert order.total == Decimal("60.00")

    services.purchase_order_submit(order=order, by=clerk)
    services.purchase_order_approve(order=order, by=approver)
    order = fresh(order)
    assert order.status == POS.APPROVED
    assert order.approved_by == approver

    bolt_line, screw_line = order.lines.order_by("id")
    first = receive(order, {bolt_line: 6})
    order = fresh(order)
    assert order.status == POS.PARTIALLY_RECEIVED
    assert first.total == Decimal("30.00")

    receive(order, {bolt_line: 4, screw_line: 4})
    order = fresh(order)
    assert order.status == POS.RECEIVED
    assert balance(product, location).on_hand == Decimal("10")
    assert balance(screw, location).on_hand == Decimal("4")
    assert payable(supplier) == Decimal("60.00")

    services.purchase_order_close(order=order, by=clerk)
    order = fresh(order)
    assert order.status == POS.CLOSED
    steps = [(entry.source, entry.target) for entry in document_history(order)]
    assert steps == [
        ("draft", "submitted"),
        ("submitted", "approved"),
        ("approved", "partially_received"),
        ("partially_received", "received"),
        ("received", "closed"),
    ]


def test_partial_receipts_keep_the_order_open_and_record_differences(approved_order, receive, product):
    line = approved_order.lines.get()
    receive(approved_order, {line: (3, 1, "one carton crushed")})
    line.refresh_from_db()
    approved_order = fresh(approved_order)
    assert approved_order.status == POS.PARTIALLY_RECEIVED
    assert (line.received_quantity, line.accepted_quantity, line.rejected_quantity) == (4, 3, 1)
    assert line.open_quantity == Decimal("7")
    assert line.difference == Decimal("-7")
    receipt_line = line.receipt_lines.get()
    assert receipt_line.quality_note == "one carton crushed"
    # Rejected goods move neither stock nor money.
    assert StockMove.objects.get(document_line_id=receipt_line.pk).quantity == Decimal("3")
    assert receipt_line.receipt.total == Decimal("15.00")

    receive(approved_order, {line: 7})
    approved_order = fresh(approved_order)
    assert approved_order.status == POS.RECEIVED


def test_receipt_beyond_the_order_is_refused_with_the_quantities(approved_order, receive):
    line = approved_order.lines.get()
    receive(approved_order, {line: 8})
    with pytest.raises(ReceiptRefusedError) as refused:
        receive(approved_order, {line: 3})
    message = str(refused.value)
    assert "BOLT-1" in message
    assert "ordered 10" in message
    assert "8 are already received" in message
    assert "at most 10" in message
    line.refresh_from_db()
    assert line.accepted_quantity == Decimal("8")
    assert GoodsReceipt.objects.count() == 1


def test_tolerance_allows_a_little_more(settings, approved_order, receive):
    settings.PURCHASE_RECEIPT_TOLERANCE = Decimal("10")
    line = approved_order.lines.get()
    receive(approved_order, {line: 5})
    with pytest.raises(ReceiptRefusedError, match=r"at most 11 may be received \(tolerance 10%\)"):
        receive(approved_order, {line: 7})
    receive(approved_order, {line: 6})
    line.refresh_from_db()
    assert line.accepted_quantity == Decimal("11")
    assert line.difference == Decimal("1")
    assert fresh(approved_order).status == POS.RECEIVED


def test_receipt_with_rejected_goods_needs_a_quality_note(approved_order, receive):
    line = approved_order.lines.get()
    with pytest.raises(ReceiptRefusedError, match="quality note"):
        receive(approved_order, {line: (2, 1, "")})


def test_receipt_must_add_up(approved_order, keeper, location):
    line = approved_order.lines.get()
    data = services.ReceiptLineData(
        order_line_id=line.pk,
        location=location,
        arrived_quantity=Decimal("5"),
        accepted_quantity=Decimal("3"),
        rejected_quantity=Decimal("1"),
        quality_note="x",
    )
    with pytest.raises(ReceiptRefusedError, match="must equal"):
        services.goods_receipt_post(order=approved_order, lines=[data], date=TODAY, by=keeper)


def test_receipt_into_another_warehouse_is_refused(approved_order, receive):
    line = approved_order.lines.get()
    with pytest.raises(ReceiptRefusedError, match="not an active location"):
        receive(approved_order, {line: 1}, loc=LocationFactory())


def test_receipt_against_a_draft_is_refused(make_order, receive, product):
    order = make_order((product, 1, "1"))
    with pytest.raises(DocumentStateError):
        receive(order, {order.lines.get(): 1})


def test_clerk_cannot_receive(approved_order, receive, clerk):
    with pytest.raises(DomainError, match="not allowed"):
        receive(approved_order, {approved_order.lines.get(): 1}, by=clerk)


def test_average_cost_after_receipts_at_different_prices(
    make_order, clerk, approver, keeper, receive, supplier, product, location
):
    """Hand computation: 10 x 5.00 + 20 x 6.50 + 7 x 7.1234 = 50 + 130 + 49.8638 = 229.8638 for 37 units,
    an average of 229.8638 / 37 = 6.21253... = 6.2125 per unit."""
    for quantity, price in [(10, "5.00"), (20, "6.50"), (7, "7.1234")]:
        order = make_order((product, quantity, price))
        services.purchase_order_submit(order=order, by=clerk)
        services.purchase_order_approve(order=order, by=approver)
        receive(order, {order.lines.get(): quantity})
    stock = balance(product, location)
    assert stock.on_hand == Decimal("37")
    assert stock.value == Decimal("229.8638")
    assert stock.average_cost.quantize(Decimal("0.0001")) == Decimal("6.2125")
    # The payable is the sum of the receipts in money: 50.00 + 130.00 + 49.86.
    assert payable(supplier) == Decimal("229.86")
    entries = PartnerLedgerEntry.objects.filter(partner_id=supplier.pk, entry_type=EntryType.PURCHASE)
    assert sorted(entries.values_list("amount", flat=True)) == [
        Decimal("49.86"),
        Decimal("50.00"),
        Decimal("130.00"),
    ]

    # Returning 5 takes them out at the average: 5 x 6.2125 = 31.0625, a credit of 31.06.
    document = services.purchase_return_create(
        supplier=supplier,
        warehouse=location.warehouse,
        date=TODAY,
        reason="Wrong thread",
        lines=[ReturnLineData(product=product, location=location, quantity=Decimal("5"))],
        by=clerk,
    )
    services.purchase_return_submit(document=document, by=clerk)
    services.purchase_return_approve(document=document, by=approver)
    services.purchase_return_ship(document=document, by=keeper)
    stock.refresh_from_db()
    assert stock.on_hand == Decimal("32")
    assert stock.value == Decimal("198.8013")
    move = StockMove.objects.get(move_type=MoveType.PURCHASE_RETURN)
    assert move.unit_cost == Decimal("6.2125")
    document = fresh(document)
    assert document.total == Decimal("31.06")
    assert payable(supplier) == Decimal("198.80")


def test_rejection_keeps_the_reason_for_the_creator(make_order, clerk, approver, product):
    order = make_order((product, 1, "1"))
    services.purchase_order_submit(order=order, by=clerk)
    with pytest.raises(DomainError, match="reason"):
        services.purchase_order_reject(order=order, by=approver, reason="   ")
    services.purchase_order_reject(order=order, by=approver, reason="Price too high, ask for 4.50")
    order = fresh(order)
    assert order.status == POS.REJECTED
    assert order.reject_reason == "Price too high, ask for 4.50"
    assert document_history(order).last().comment == "Price too high, ask for 4.50"
    # The creator corrects it and sends it again.
    services.purchase_order_reopen(order=order, by=clerk)
    order = fresh(order)
    assert order.status == POS.DRAFT


def test_an_approver_cannot_approve_their_own_order(make_order, approver, product):
    approver.user_permissions.add(
        Permission.objects.get(codename="add_purchaseorder"),
        Permission.objects.get(codename="change_purchaseorder"),
    )
    order = make_order((product, 1, "1"), by=approver)
    services.purchase_order_submit(order=order, by=approver)
    with pytest.raises(DomainError, match="Nobody approves a document they created"):
        services.purchase_order_approve(order=order, by=approver)
    with pytest.raises(DomainError, match="Nobody approves a document they created"):
        services.purchase_order_reject(order=order, by=approver, reason="no")
    order = fresh(order)
    assert order.status == POS.SUBMITTED


def test_a_clerk_cannot_approve(make_order, clerk, product):
    other = make_order((product, 1, "1"))
    services.purchase_order_submit(order=other, by=clerk)
    second_clerk = UserFactory(username="clerk2", role="purchasing_clerk")
    with pytest.raises(DocumentStateError, match="not allowed"):
        services.purchase_order_approve(order=other, by=second_clerk)


def test_the_same_form_twice_creates_one_order(make_order, product):
    token = uuid.uuid4()
    first = make_order((product, 1, "1"), client_token=token)
    second = make_order((product, 1, "1"), client_token=token)
    assert first.pk == second.pk
    assert PurchaseOrder.objects.count() == 1


def test_the_same_receipt_twice_posts_once(approved_order, receive, product, location):
    token = uuid.uuid4()
    line = approved_order.lines.get()
    first = receive(approved_order, {line: 2}, client_token=token)
    second = receive(approved_order, {line: 2}, client_token=token)
    assert first.pk == second.pk
    assert balance(product, location).on_hand == Decimal("2")


def test_submit_under_the_limit_is_approved_at_once(settings, make_order, clerk, product):
    settings.PURCHASE_AUTO_APPROVE_LIMIT = Decimal("100")
    small = make_order((product, 1, "99.99"))
    services.purchase_order_submit(order=small, by=clerk)
    small = fresh(small)
    assert small.status == POS.APPROVED
    assert small.approved_by is None
    assert "automatically" in document_history(small).last().comment
    large = make_order((product, 1, "100"))
    services.purchase_order_submit(order=large, by=clerk)
    large = fresh(large)
    assert large.status == POS.SUBMITTED


def test_default_limit_always_needs_approval(make_order, clerk, product):
    order = make_order((product, 1, "0"))
    services.purchase_order_submit(order=order, by=clerk)
    order = fresh(order)
    assert order.status == POS.SUBMITTED


def test_editing_only_in_draft(make_order, clerk, product, supplier, warehouse):
    order = make_order((product, 1, "1"))
    services.purchase_order_update(
        order=order,
        supplier=supplier,
        warehouse=warehouse,
        order_date=TODAY,
        lines=[services.OrderLineData(product, Decimal("3"), Decimal("2"))],
        by=clerk,
    )
    order = fresh(order)
    assert order.total == Decimal("6.00")
    services.purchase_order_submit(order=order, by=clerk)
    with pytest.raises(DocumentStateError, match="only a draft"):
        services.purchase_order_update(
            order=order,
            supplier=supplier,
            warehouse=warehouse,
            order_date=TODAY,
            lines=[services.OrderLineData(product, Decimal("1"), Decimal("1"))],
            by=clerk,
        )


def test_whole_units_only_for_pieces(make_order, product):
    with pytest.raises(DomainError, match="whole"):
        make_order((product, "1.5", "1"))


def test_cancel_only_before_any_receipt(approved_order, receive, clerk):
    receive(approved_order, {approved_order.lines.get(): 1})
    with pytest.raises(DocumentStateError):
        services.purchase_order_cancel(order=approved_order, by=clerk)


def test_lot_tracked_receipt_needs_a_lot_and_books_into_it(make_order, clerk, approver, receive, location):
    milk = ProductFactory(sku="MILK", is_lot_tracked=True)
    order = make_order((milk, 5, "3"))
    services.purchase_order_submit(order=order, by=clerk)
    services.purchase_order_approve(order=order, by=approver)
    line = order.lines.get()
    with pytest.raises(ReceiptRefusedError, match="lot"):
        receive(order, {line: 5})
    receipt = receive(order, {line: 5}, lot_number="L-2026-03")
    lot = receipt.lines.get().lot
    assert lot.number == "L-2026-03"
    assert balance(milk, location, lot).on_hand == Decimal("5")


def _stocked_return(make_order, clerk, approver, receive, product, location, *, received, returned):
    order = make_order((product, received, "4.00"))
    services.purchase_order_submit(order=order, by=clerk)
    services.purchase_order_approve(order=order, by=approver)
    receive(order, {order.lines.get(): received})
    document = services.purchase_return_create(
        supplier=order.supplier,
        warehouse=location.warehouse,
        date=TODAY,
        reason="Damaged in storage",
        lines=[ReturnLineData(product=product, location=location, quantity=Decimal(str(returned)))],
        by=clerk,
    )
    services.purchase_return_submit(document=document, by=clerk)
    return document


def test_purchase_return_lowers_stock_and_payable(
    make_order, clerk, approver, keeper, receive, product, location, supplier
):
    document = _stocked_return(
        make_order, clerk, approver, receive, product, location, received=10, returned=3
    )
    assert payable(supplier) == Decimal("40.00")
    services.purchase_return_approve(document=document, by=approver)
    services.purchase_return_ship(document=document, by=keeper)
    document = fresh(document)
    assert document.status == PRS.SHIPPED
    assert document.total == Decimal("12.00")
    assert balance(product, location).on_hand == Decimal("7")
    assert payable(supplier) == Decimal("28.00")
    entry = PartnerLedgerEntry.objects.get(entry_type=EntryType.PURCHASE_RETURN)
    assert entry.amount == Decimal("-12.00")
    assert entry.document_number == document.number


def test_return_beyond_the_payable_leaves_a_refund_due(
    make_order, clerk, approver, keeper, receive, product, location, supplier
):
    document = _stocked_return(
        make_order, clerk, approver, receive, product, location, received=10, returned=10
    )
    PartnerLedgerEntry.objects.create(
        partner_type=PartnerType.SUPPLIER,
        partner_id=supplier.pk,
        partner_name=supplier.name,
        entry_type=EntryType.SUPPLIER_PAYMENT,
        amount=Decimal("-40.00"),
        date=TODAY,
        document_type="tests.payment",
        document_id=1,
        document_number="PAY-1",
        created_by=clerk,
    )
    assert payable(supplier) == Decimal("0.00")
    services.purchase_return_approve(document=document, by=approver)
    services.purchase_return_ship(document=document, by=keeper)
    assert payable(supplier) == Decimal("-40.00")  # below zero: the supplier owes us a refund


def test_return_of_more_than_on_hand_is_refused(
    make_order, clerk, approver, keeper, receive, product, location
):
    document = _stocked_return(
        make_order, clerk, approver, receive, product, location, received=2, returned=5
    )
    services.purchase_return_approve(document=document, by=approver)
    with pytest.raises(DomainError, match="Not enough stock"):
        services.purchase_return_ship(document=document, by=keeper)
    document = fresh(document)
    assert document.status == PRS.APPROVED


def test_return_needs_a_reason(clerk, supplier, product, location):
    with pytest.raises(DomainError, match="why"):
        services.purchase_return_create(
            supplier=supplier,
            warehouse=location.warehouse,
            date=TODAY,
            reason=" ",
            lines=[ReturnLineData(product=product, location=location, quantity=Decimal("1"))],
            by=clerk,
        )


def test_return_carries_a_source_reference(clerk, supplier, product, location):
    source = services.ReturnSource("returns.returnrequest", 7, "RMA-202603-0007", 11)
    document = services.purchase_return_create(
        supplier=supplier,
        warehouse=location.warehouse,
        date=TODAY,
        reason="Customer return, faulty",
        lines=[ReturnLineData(product=product, location=location, quantity=Decimal("1"), source=source)],
        by=clerk,
    )
    line = document.lines.get()
    assert (line.source_document_number, line.source_line_id) == ("RMA-202603-0007", 11)


def test_approver_cannot_approve_own_return(clerk, approver, supplier, product, location):
    approver.user_permissions.add(Permission.objects.get(codename="change_purchasereturn"))
    document = services.purchase_return_create(
        supplier=supplier,
        warehouse=location.warehouse,
        date=TODAY,
        reason="x",
        lines=[ReturnLineData(product=product, location=location, quantity=Decimal("1"))],
        by=approver,
    )
    services.purchase_return_submit(document=document, by=approver)
    with pytest.raises(DomainError, match="Nobody approves"):
        services.purchase_return_approve(document=document, by=approver)


def test_submit_tells_the_approvers_and_rejection_tells_the_creator(make_order, clerk, approver, product):
    from common.notifications.models import Notification

    order = make_order((product, 1, "1"))
    services.purchase_order_submit(order=order, by=clerk)
    waiting = Notification.objects.get(recipient=approver)
    assert order.number in waiting.subject
    assert not Notification.objects.filter(recipient=clerk).exists()
    services.purchase_order_reject(order=order, by=approver, reason="Ask for a discount")
    told = Notification.objects.get(recipient=clerk)
    assert order.number in told.subject
    assert told.body == "Ask for a discount"
    assert told.url == order.get_absolute_url()
