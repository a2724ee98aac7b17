"""The receivables report against ledger entries and allocations of several days, its open amounts and
age buckets worked out again here from the entries and allocations themselves."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from finance.choices import EntryType, PartnerType, PaymentKind, PaymentMethod
from finance.models import Allocation, PartnerLedgerEntry
from finance.selectors import DocumentRef
from finance.services import AllocationSpec, PartnerRef, allocation_create, payment_post
from reports.definitions.finance import ReceivablesReport
from tests.factories import CustomerFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 3, 1)


def day(offset: int) -> datetime.date:
    return DAY + datetime.timedelta(days=offset)


@pytest.fixture
def ledger(document, accountant, customer):
    """Two customers. Acme: deliveries on days 0 (100), 20 (250), 50 (80) and 95 (40), a return credit
    of 30 on day 60; a receipt of 150 on day 30 (100 on the first delivery, 50 on the second), a receipt
    of 120 on day 70 of which 90 is allocated on day 80 (to the second delivery) and 30 stays a credit.
    Beta: a delivery of 60 on day 10, paid in full on day 40."""
    beta = CustomerFactory(name="Beta Foods")
    beta = PartnerRef(PartnerType.CUSTOMER, beta.pk, beta.name)
    first = document(customer, EntryType.SALE, 100, day(0), "sales.delivery", "DN")
    second = document(customer, EntryType.SALE, 250, day(20), "sales.delivery", "DN")
    document(customer, EntryType.SALE, 80, day(50), "sales.delivery", "DN")
    document(customer, EntryType.SALE, 40, day(95), "sales.delivery", "DN")
    document(customer, EntryType.SALES_RETURN, -30, day(60), "returns.returnrequest", "RMA")
    beta_delivery = document(beta, EntryType.SALE, 60, day(10), "sales.delivery", "DN")

    def receive(partner, amount, on, allocations=()):
        return payment_post(
            kind=PaymentKind.CUSTOMER_RECEIPT,
            partner=partner,
            amount=Decimal(amount),
            date=on,
            method=PaymentMethod.TRANSFER,
            by=accountant,
            allocations=[AllocationSpec(ref, Decimal(part)) for ref, part in allocations],
        )

    receive(customer, 150, day(30), [(first, 100), (second, 50)])
    later = receive(customer, 120, day(70))
    allocation_create(
        partner=customer,
        source=DocumentRef("finance.payment", later.pk, later.number),
        allocations=[AllocationSpec(second, Decimal(90))],
        by=accountant,
        date=day(80),
    )
    receive(beta, 60, day(40), [(beta_delivery, 60)])


def expected_open_items(as_of: datetime.date) -> dict[str, dict]:
    """Per document: its entries up to the day, the allocations on either side up to the day."""
    documents: dict[tuple, dict] = {}
    for entry in PartnerLedgerEntry.objects.filter(partner_type=PartnerType.CUSTOMER, date__lte=as_of):
        row = documents.setdefault(
            (entry.document_type, entry.document_id),
            {"document_number": entry.document_number, "net": Decimal(0), "date": entry.date},
        )
        row["net"] += entry.amount
        row["date"] = min(row["date"], entry.date)
    for (document_type, document_id), row in documents.items():
        allocated = Decimal(0)
        for allocation in Allocation.objects.filter(date__lte=as_of):
            if (allocation.document_type, allocation.document_id) == (document_type, document_id):
                allocated += allocation.amount
            if (allocation.settled_by_type, allocation.settled_by_id) == (document_type, document_id):
                allocated += allocation.amount
        row["allocated"] = allocated
        row["open_signed"] = row["net"] - allocated if row["net"] > 0 else row["net"] + allocated
        row["open"] = abs(row["net"]) - allocated
        age = (as_of - row["date"]).days
        for key, (newest, oldest) in {
            "age_0_30": (0, 30),
            "age_31_60": (31, 60),
            "age_61_90": (61, 90),
            "age_over_90": (91, None),
        }.items():
            in_bucket = age >= newest and (oldest is None or age <= oldest)
            row[key] = row["open_signed"] if in_bucket else Decimal(0)
    return {row["document_number"]: row for row in documents.values() if row["open"] > 0}


@pytest.mark.parametrize("offset", [5, 25, 45, 75, 85, 120])
def test_receivables_are_the_open_amounts_of_the_ledger(ledger, offset):
    as_of = day(offset)
    expected = expected_open_items(as_of)
    report = ReceivablesReport({"as_of": as_of.isoformat()})

    rows = {row["document_number"]: row for row in report.rows()}

    assert set(rows) == set(expected)
    keys = ["net", "allocated", "open_signed", "age_0_30", "age_31_60", "age_61_90", "age_over_90"]
    for number, row in expected.items():
        assert {key: rows[number][key] for key in keys} == {key: row[key] for key in keys}, number
    totals = report.totals()
    for key in keys:
        assert totals[key] == sum((row[key] for row in expected.values()), Decimal(0)), key


def test_receivables_scenario_has_partial_allocations_and_a_credit(ledger):
    """The scenario exercises what the report must get right: a document half settled, a credit left."""
    rows = expected_open_items(day(85))
    assert any(row["allocated"] and row["open"] for row in rows.values())
    assert any(row["open_signed"] < 0 for row in rows.values())


@pytest.mark.parametrize("offset", [45, 85])
def test_receivables_page_shows_the_ledgers_totals_and_count(ledger, admin_client, offset):
    """The page reads its totals and its number of rows with the rows themselves."""
    as_of = day(offset)
    expected = expected_open_items(as_of)

    page = admin_client.get(reverse("reports:receivables"), {"as_of": as_of.isoformat()})

    assert page.status_code == 200
    assert page.context["paginator"].count == len(expected)
    shown = {column.key: value for column, value in page.context["totals"] if column.total}
    for key in ["net", "allocated", "open_signed", "age_0_30", "age_31_60", "age_61_90", "age_over_90"]:
        assert shown[key] == sum((row[key] for row in expected.values()), Decimal(0)), key


def test_receivables_page_today_shows_the_ledgers_rows_totals_and_count(ledger, admin_client):
    """Today the rows come from the figures the services keep per document; the same rows, count and
    totals as the entries and allocations give."""
    today = timezone.localdate()
    expected = expected_open_items(today)

    page = admin_client.get(reverse("reports:receivables"))

    assert page.status_code == 200
    assert page.context["paginator"].count == len(expected)
    shown = {column.key: value for column, value in page.context["totals"] if column.total}
    for key in ["net", "allocated", "open_signed", "age_0_30", "age_31_60", "age_61_90", "age_over_90"]:
        assert shown[key] == sum((row[key] for row in expected.values()), Decimal(0)), key
    rows = page.context["rows"]
    numbers = [value for row in rows for column, value in row if column.key == "document_number"]
    assert sorted(numbers) == sorted(expected)
