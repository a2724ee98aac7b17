"""Today's receivables are read from the figures the services keep per document (``LedgerDocument``): after
every kind of posting they are those summed from the entries and allocations, a document dated ahead is
not open yet, and ``check_ledger`` reports a document whose kept figures were changed behind its back."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from finance.choices import EntryType, PartnerType, PaymentKind, PaymentMethod
from finance.models import LedgerDocument
from finance.selectors import DocumentRef, open_items
from finance.services import AllocationSpec, allocation_create, ledger_entry_post, payment_post
from reports.definitions.finance import PayablesReport, ReceivablesReport
from tests.finance.test_open_items import expected_open_items

pytestmark = pytest.mark.django_db

D = Decimal
KEYS = ["date", "net", "allocated", "open_signed", "age_0_30", "age_31_60", "age_61_90", "age_over_90"]


def assert_receivables_today_are_the_ledgers():
    """The receivables report as of today, row by row and in total, against the entries and allocations;
    and read from the kept figures, not worked out from the entries again."""
    today = timezone.localdate()
    assert "finance_ledgerdocument" in str(open_items(as_of=today, partner_type=PartnerType.CUSTOMER).query)
    expected = expected_open_items(today)
    report = ReceivablesReport({"as_of": today.isoformat()})
    rows = {row["document_number"]: row for row in report.rows()}
    assert set(rows) == set(expected)
    for number, row in expected.items():
        assert {key: rows[number][key] for key in KEYS} == {key: row[key] for key in KEYS}, number
    totals = report.totals()
    for key in KEYS[1:]:
        assert totals[key] == sum((row[key] for row in expected.values()), D(0)), key


def receive(partner, amount, by, *allocations, kind=PaymentKind.CUSTOMER_RECEIPT, day=None):
    return payment_post(
        kind=kind,
        partner=partner,
        amount=D(amount),
        date=day or timezone.localdate(),
        method=PaymentMethod.TRANSFER,
        by=by,
        allocations=[AllocationSpec(ref, D(part)) for ref, part in allocations],
    )


def test_receivables_today_follow_deliveries_returns_payments_and_allocations(
    customer, delivery, document, accountant
):
    today = timezone.localdate()
    first = delivery("100.00", today - datetime.timedelta(days=40))
    assert_receivables_today_are_the_ledgers()
    second = delivery("250.00", today - datetime.timedelta(days=10))
    credit = document(customer, EntryType.SALES_RETURN, "-30.00", today, "returns.returnrequest", "RMA")
    assert_receivables_today_are_the_ledgers()

    # A receipt settling the first delivery and part of the second, a credit left of another.
    receive(customer, "150.00", accountant, (first, "100.00"), (second, "20.00"))
    assert_receivables_today_are_the_ledgers()
    later = receive(customer, "80.00", accountant)
    assert_receivables_today_are_the_ledgers()
    allocation_create(
        partner=customer,
        source=DocumentRef("finance.payment", later.pk, later.number),
        allocations=[AllocationSpec(second, D("50.00"))],
        by=accountant,
    )
    assert_receivables_today_are_the_ledgers()

    # The return's credit refunded: nothing of it stays open.
    receive(customer, "30.00", accountant, (credit, "30.00"), kind=PaymentKind.CUSTOMER_REFUND)
    assert_receivables_today_are_the_ledgers()
    rows = {row["document_number"]: row for row in open_items(partner_type=PartnerType.CUSTOMER)}
    assert credit.document_number not in rows
    assert first.document_number not in rows
    assert rows[second.document_number]["open_signed"] == D("180.00")
    assert rows[later.number]["open_signed"] == D("-30.00")
    assert rows[second.document_number]["age_0_30"] == D("180.00")


def test_a_document_of_two_entries_is_one_row_with_the_first_date(customer, accountant):
    """A document entered twice (a delivery and its later correction) is one open item, dated by its
    first entry, for the figures kept and for those worked out from the entries alike."""
    today = timezone.localdate()
    ref = DocumentRef("sales.delivery", 77, "DN-77")
    for entry_type, amount, day in (
        (EntryType.SALE, "120.00", today - datetime.timedelta(days=35)),
        (EntryType.SALES_RETURN, "-20.00", today - datetime.timedelta(days=3)),
    ):
        ledger_entry_post(
            partner=customer, entry_type=entry_type, amount=D(amount), date=day, document=ref, by=accountant
        )
    assert_receivables_today_are_the_ledgers()
    (row,) = open_items(partner_type=PartnerType.CUSTOMER)
    assert (row["date"], row["net"], row["age_31_60"]) == (
        today - datetime.timedelta(days=35),
        D("100.00"),
        D("100.00"),
    )


def test_a_document_dated_ahead_is_not_open_today(customer, delivery, accountant):
    today, tomorrow = timezone.localdate(), timezone.localdate() + datetime.timedelta(days=1)
    now = delivery("100.00", today)
    ahead = delivery("70.00", tomorrow)

    shown = {row["document_number"]: row["open_signed"] for row in ReceivablesReport({}).rows()}
    assert shown == {now.document_number: D("100.00")}
    assert ReceivablesReport({}).totals()["open_signed"] == D("100.00")
    tomorrows = {
        row["document_number"]: row["open_signed"]
        for row in ReceivablesReport({"as_of": tomorrow.isoformat()}).rows()
    }
    assert tomorrows == {now.document_number: D("100.00"), ahead.document_number: D("70.00")}


def test_an_allocation_dated_ahead_does_not_settle_today(customer, delivery, accountant):
    today, tomorrow = timezone.localdate(), timezone.localdate() + datetime.timedelta(days=1)
    ref = delivery("100.00", today)
    payment = receive(customer, "100.00", accountant)
    allocation_create(
        partner=customer,
        source=DocumentRef("finance.payment", payment.pk, payment.number),
        allocations=[AllocationSpec(ref, D("100.00"))],
        by=accountant,
        date=tomorrow,
    )

    shown = {
        row["document_number"]: row["open_signed"] for row in open_items(partner_type=PartnerType.CUSTOMER)
    }
    assert shown == {ref.document_number: D("100.00"), payment.number: D("-100.00")}
    assert list(open_items(as_of=tomorrow, partner_type=PartnerType.CUSTOMER)) == []


def test_payables_today_are_read_from_the_kept_figures(supplier, receipt, accountant):
    goods = receipt("400.00", timezone.localdate() - datetime.timedelta(days=70))
    receive(supplier, "150.00", accountant, (goods, "150.00"), kind=PaymentKind.SUPPLIER_PAYMENT)

    (row,) = PayablesReport({}).rows()
    assert (row["document_number"], row["allocated"], row["open_signed"], row["age_61_90"]) == (
        goods.document_number,
        D("150.00"),
        D("250.00"),
        D("250.00"),
    )


def test_check_ledger_reports_a_document_whose_kept_figures_were_changed(customer, delivery, capsys):
    ref = delivery("100.00")
    call_command("check_ledger")
    kept = LedgerDocument.objects.filter(document_type=ref.document_type, document_id=ref.document_id)
    kept.update(net=D("90.00"))

    with pytest.raises(CommandError):
        call_command("check_ledger")
    out = capsys.readouterr().out
    assert f"MISMATCH customer {customer.partner_id} {ref.document_number}" in out
    assert "net 90.00 (entries and allocations: 100.00)" in out

    kept.update(net=D("100.00"))


def test_check_ledger_reports_a_document_without_its_kept_figures(delivery, capsys):
    ref = delivery("100.00")
    row = LedgerDocument.objects.get(document_type=ref.document_type, document_id=ref.document_id)
    row.delete()

    with pytest.raises(CommandError):
        call_command("check_ledger")
    assert "not in the ledger documents" in capsys.readouterr().out

    row.save()
