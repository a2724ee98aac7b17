import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from finance.choices import EntryType, PartnerType, PaymentKind, PaymentMethod
from finance.exceptions import AllocationRefusedError, PaymentRefusedError
from finance.models import Allocation, LedgerDocument, PartnerLedgerEntry
from finance.selectors import (
    DocumentRef,
    document_open_amounts,
    open_items,
    partner_balance,
    partner_statement,
    payment_unallocated,
)
from finance.services import AllocationSpec, PartnerRef, allocation_create, ledger_entry_post, payment_post
from purchasing import services as purchasing
from purchasing.services import OrderLineData, ReceiptLineData
from suppliers.models import Supplier
from tests.factories import CustomerFactory, LocationFactory, ProductFactory, UserFactory, WarehouseFactory
from tests.finance.conftest import TODAY

pytestmark = pytest.mark.django_db

D = Decimal


def pay(partner, kind, amount, by, *allocations, day=TODAY):
    return payment_post(
        kind=kind,
        partner=partner,
        amount=D(str(amount)),
        date=day,
        method=PaymentMethod.TRANSFER,
        reference="BANK-1",
        by=by,
        allocations=[AllocationSpec(ref, D(str(value))) for ref, value in allocations],
    )


def open_of(partner, ref):
    return document_open_amounts(
        partner_type=partner.partner_type, partner_id=partner.partner_id, documents=[ref]
    )[(ref.document_type, ref.document_id)].open


def balance(partner):
    return partner_balance(partner_type=partner.partner_type, partner_id=partner.partner_id)


# The money effect of each document, with the ledger's sign: a supplier's positive balance is what we owe,
# a customer's what they owe us.
@pytest.mark.parametrize(
    ("partner_fixture", "entry_type", "amount", "expected"),
    [
        ("supplier", EntryType.PURCHASE, "500.00", "500.00"),  # goods receipt: payable
        ("supplier", EntryType.PURCHASE_RETURN, "-120.00", "-120.00"),  # return to supplier: refund due
        ("customer", EntryType.SALE, "300.00", "300.00"),  # delivery: receivable
        ("customer", EntryType.SALES_RETURN, "-80.00", "-80.00"),  # customer return: credit
        ("customer", EntryType.CUSTOMER_REFUND, "80.00", "80.00"),  # refund paid
    ],
)
def test_document_money_effect_is_its_ledger_entry(
    request, document, partner_fixture, entry_type, amount, expected
):
    partner = request.getfixturevalue(partner_fixture)
    document(partner, entry_type, amount)
    assert balance(partner) == D(expected)


def test_goods_receipt_through_purchasing_posts_the_payable(supplier, accountant):
    """The real purchasing flow: receiving 10 at 5.00 makes the supplier's balance 50.00, open in full."""

    clerk = UserFactory(username="pclerk", role="purchasing_clerk")
    approver = UserFactory(username="papprover", role="approver")
    keeper = UserFactory(username="pkeeper", role="warehouse_keeper")
    warehouse = WarehouseFactory()
    location = LocationFactory(warehouse=warehouse)
    product = ProductFactory()
    order = purchasing.purchase_order_create(
        supplier=Supplier.objects.get(pk=supplier.partner_id),
        warehouse=warehouse,
        order_date=TODAY,
        lines=[OrderLineData(product, D("10"), D("5.00"))],
        by=clerk,
    )
    purchasing.purchase_order_submit(order=order, by=clerk)
    order = purchasing.purchase_order_approve(order=order, by=approver)
    line = order.lines.get()
    receipt = purchasing.goods_receipt_post(
        order=order,
        lines=[
            ReceiptLineData(
                order_line_id=line.pk,
                location=location,
                arrived_quantity=D("10"),
                accepted_quantity=D("10"),
                rejected_quantity=D("0"),
                quality_note="",
                lot_number="",
            )
        ],
        date=TODAY,
        by=keeper,
    )
    assert balance(supplier) == D("50.00")
    ref = DocumentRef("purchasing.goodsreceipt", receipt.pk, receipt.number)
    assert open_of(supplier, ref) == D("50.00")
    pay(supplier, PaymentKind.SUPPLIER_PAYMENT, "50.00", accountant, (ref, "50.00"))
    assert open_of(supplier, ref) == 0
    assert balance(supplier) == 0


def test_supplier_payment_lowers_the_payable_and_writes_one_entry(supplier, receipt, accountant):
    ref = receipt("500.00")
    payment = pay(supplier, PaymentKind.SUPPLIER_PAYMENT, "500.00", accountant, (ref, "500.00"))
    entry = PartnerLedgerEntry.objects.get(document_type="finance.payment", document_id=payment.pk)
    assert entry.amount == D("-500.00")
    assert entry.entry_type == EntryType.SUPPLIER_PAYMENT
    assert payment.number.startswith("PAY-")
    assert balance(supplier) == 0


def test_partial_payment_leaves_the_rest_open(customer, delivery, accountant):
    ref = delivery("300.00")
    payment = pay(customer, PaymentKind.CUSTOMER_RECEIPT, "100.00", accountant, (ref, "100.00"))
    assert payment.number.startswith("REC-")
    assert open_of(customer, ref) == D("200.00")
    assert balance(customer) == D("200.00")
    pay(customer, PaymentKind.CUSTOMER_RECEIPT, "200.00", accountant, (ref, "200.00"))
    assert open_of(customer, ref) == 0


def test_overpayment_stays_as_credit_and_is_allocated_later(customer, delivery, accountant):
    first = delivery("300.00")
    payment = pay(customer, PaymentKind.CUSTOMER_RECEIPT, "500.00", accountant, (first, "300.00"))
    assert payment_unallocated(payment) == D("200.00")
    assert balance(customer) == D("-200.00")  # the customer has a credit with us
    later = delivery("250.00")
    source = DocumentRef("finance.payment", payment.pk, payment.number)
    allocation_create(
        partner=customer, source=source, allocations=[AllocationSpec(later, D("200.00"))], by=accountant
    )
    assert payment_unallocated(payment) == 0
    assert open_of(customer, later) == D("50.00")
    assert balance(customer) == D("50.00")


def test_a_payment_split_over_two_documents(supplier, receipt, accountant):
    one, two = receipt("100.00"), receipt("70.00")
    pay(supplier, PaymentKind.SUPPLIER_PAYMENT, "150.00", accountant, (one, "100.00"), (two, "50.00"))
    assert (open_of(supplier, one), open_of(supplier, two)) == (0, D("20.00"))
    assert Allocation.objects.count() == 2


def test_allocation_beyond_the_open_amount_is_refused(customer, delivery, accountant):
    ref = delivery("300.00")
    pay(customer, PaymentKind.CUSTOMER_RECEIPT, "250.00", accountant, (ref, "250.00"))
    with pytest.raises(AllocationRefusedError, match="has only 50.00 open") as error:
        pay(customer, PaymentKind.CUSTOMER_RECEIPT, "100.00", accountant, (ref, "100.00"))
    assert error.value.field == "allocations"
    assert PartnerLedgerEntry.objects.filter(document_type="finance.payment").count() == 1  # rolled back


def test_allocations_beyond_the_payment_are_refused(customer, delivery, accountant):
    ref = delivery("300.00")
    with pytest.raises(PaymentRefusedError, match="more than the payment"):
        pay(customer, PaymentKind.CUSTOMER_RECEIPT, "100.00", accountant, (ref, "150.00"))


def test_later_allocation_beyond_the_credit_is_refused(customer, delivery, accountant):
    ref = delivery("300.00")
    payment = pay(customer, PaymentKind.CUSTOMER_RECEIPT, "50.00", accountant)
    source = DocumentRef("finance.payment", payment.pk, payment.number)
    with pytest.raises(AllocationRefusedError, match="Only 50.00"):
        allocation_create(
            partner=customer, source=source, allocations=[AllocationSpec(ref, D("60.00"))], by=accountant
        )


def test_a_receipt_cannot_settle_a_credit(customer, document, accountant):
    """A receipt from the customer settles what they owe, not a return credit we owe them."""
    credit = document(customer, EntryType.SALES_RETURN, "-40.00")
    with pytest.raises(AllocationRefusedError, match="not an open document"):
        pay(customer, PaymentKind.CUSTOMER_RECEIPT, "40.00", accountant, (credit, "40.00"))


def test_another_partners_document_cannot_be_allocated(customer, accountant, document):

    other = CustomerFactory()
    other_ref = PartnerRef(PartnerType.CUSTOMER, other.pk, other.name)
    ref = document(other_ref, EntryType.SALE, "100.00")
    with pytest.raises(AllocationRefusedError):
        pay(customer, PaymentKind.CUSTOMER_RECEIPT, "100.00", accountant, (ref, "100.00"))


def test_payment_kind_must_fit_the_partner(customer, accountant):
    with pytest.raises(PaymentRefusedError) as error:
        pay(customer, PaymentKind.SUPPLIER_PAYMENT, "10.00", accountant)
    assert error.value.field == "partner"


def test_a_return_credit_reduces_what_the_customer_owes(customer, delivery, document, accountant):
    sale = delivery("300.00")
    credit = document(customer, EntryType.SALES_RETURN, "-100.00", document_type="returns.returnrequest")
    assert balance(customer) == D("200.00")
    allocation_create(
        partner=customer, source=credit, allocations=[AllocationSpec(sale, D("100.00"))], by=accountant
    )
    assert open_of(customer, sale) == D("200.00")
    assert open_of(customer, credit) == 0


def test_a_return_credit_beyond_the_debt_becomes_a_refund_paid(customer, document, accountant):
    credit = document(customer, EntryType.SALES_RETURN, "-100.00", document_type="returns.returnrequest")
    assert balance(customer) == D("-100.00")  # we owe the customer
    refund = pay(customer, PaymentKind.CUSTOMER_REFUND, "100.00", accountant, (credit, "100.00"))
    assert PartnerLedgerEntry.objects.get(document_id=refund.pk, document_type="finance.payment").amount == D(
        "100.00"
    )
    assert balance(customer) == 0
    assert open_of(customer, credit) == 0


def test_supplier_refund_received_settles_a_purchase_return(supplier, document, accountant):
    credit = document(
        supplier, EntryType.PURCHASE_RETURN, "-120.00", document_type="purchasing.purchasereturn"
    )
    pay(supplier, PaymentKind.SUPPLIER_REFUND, "120.00", accountant, (credit, "120.00"))
    assert balance(supplier) == 0


def test_aging_buckets_with_fixed_dates(customer, delivery, accountant):
    as_of = datetime.date(2026, 6, 30)
    delivery("10.00", as_of - datetime.timedelta(days=0))
    delivery("20.00", as_of - datetime.timedelta(days=30))
    delivery("30.00", as_of - datetime.timedelta(days=31))
    delivery("40.00", as_of - datetime.timedelta(days=61))
    delivery("50.00", as_of - datetime.timedelta(days=90))
    delivery("60.00", as_of - datetime.timedelta(days=91))
    delivery("70.00", as_of + datetime.timedelta(days=1))  # after the day: not yet
    rows = open_items(as_of=as_of, partner_type=customer.partner_type)
    totals = {
        key: sum(row[key] for row in rows) for key in ("age_0_30", "age_31_60", "age_61_90", "age_over_90")
    }
    assert totals == {
        "age_0_30": D("30.00"),
        "age_31_60": D("30.00"),
        "age_61_90": D("90.00"),
        "age_over_90": D("60.00"),
    }


def test_aging_as_of_a_day_ignores_later_payments(customer, delivery, accountant):
    ref = delivery("100.00", datetime.date(2026, 1, 10))
    pay(
        customer,
        PaymentKind.CUSTOMER_RECEIPT,
        "100.00",
        accountant,
        (ref, "100.00"),
        day=datetime.date(2026, 3, 1),
    )
    assert [row["open"] for row in open_items(as_of=datetime.date(2026, 2, 1))] == [D("100.00")]
    assert list(open_items(as_of=datetime.date(2026, 3, 1))) == []


def test_statement_running_balance(customer, delivery, accountant):
    delivery("100.00", datetime.date(2026, 1, 5))  # before the period: opening balance
    ref = delivery("50.00", datetime.date(2026, 2, 3))
    pay(
        customer,
        PaymentKind.CUSTOMER_RECEIPT,
        "120.00",
        accountant,
        (ref, "50.00"),
        day=datetime.date(2026, 2, 10),
    )
    rows = list(
        partner_statement(
            partner_type=customer.partner_type,
            partner_id=customer.partner_id,
            date_from=datetime.date(2026, 2, 1),
            date_to=datetime.date(2026, 2, 28),
        ).order_by("date", "id")
    )
    assert [(row["amount"], row["balance"]) for row in rows] == [
        (D("50.00"), D("150.00")),
        (D("-120.00"), D("30.00")),
    ]


def test_check_ledger_reports_an_over_allocation(customer, delivery, accountant, capsys):
    ref = delivery("100.00")
    payment = pay(customer, PaymentKind.CUSTOMER_RECEIPT, "100.00", accountant, (ref, "100.00"))
    call_command("check_ledger")
    bad = Allocation.objects.create(
        partner_type=customer.partner_type,
        partner_id=customer.partner_id,
        document_type=ref.document_type,
        document_id=ref.document_id,
        document_number=ref.document_number,
        settled_by_type="finance.payment",
        settled_by_id=payment.pk,
        settled_by_number=payment.number,
        payment=payment,
        amount=D("10.00"),
        date=TODAY,
        created_by=accountant,
    )
    with pytest.raises(CommandError):
        call_command("check_ledger")
    assert "MISMATCH" in capsys.readouterr().out
    bad.delete()


def test_check_ledger_reports_a_payment_without_its_entry(customer, accountant):
    payment = pay(customer, PaymentKind.CUSTOMER_RECEIPT, "10.00", accountant)
    # The entry removed behind the services' back, with the figures they keep of its document.
    PartnerLedgerEntry.objects.filter(document_type="finance.payment").delete()
    LedgerDocument.objects.filter(document_type="finance.payment").delete()
    with pytest.raises(CommandError):
        call_command("check_ledger")
    ledger_entry_post(
        partner=customer,
        entry_type=EntryType.CUSTOMER_RECEIPT,
        amount=D("-10.00"),
        date=TODAY,
        document=DocumentRef("finance.payment", payment.pk, payment.number),
        by=accountant,
    )
