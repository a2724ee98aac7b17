import datetime
import itertools
from decimal import Decimal

import pytest

from finance.choices import EntryType, PartnerType
from finance.selectors import DocumentRef, ledger_mismatches
from finance.services import PartnerRef, ledger_entry_post
from tests.factories import CustomerFactory, SupplierFactory, UserFactory

TODAY = datetime.date(2026, 3, 31)
_ids = itertools.count(1000)


@pytest.fixture(autouse=True)
def _partner_ledger_holds(request):
    """After every test: allocations within what is open, balances equal to the sum of entries, every
    payment entered once (what ``check_ledger`` checks). Asks for the database so it runs before teardown."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None:
        yield
        return
    request.getfixturevalue("transactional_db" if marker.kwargs.get("transaction") else "db")
    yield
    assert ledger_mismatches() == []


@pytest.fixture
def accountant(db):
    return UserFactory(username="accountant", role="accountant")


@pytest.fixture
def customer(db):
    customer = CustomerFactory(name="Acme Retail")
    return PartnerRef(PartnerType.CUSTOMER, customer.pk, customer.name)


@pytest.fixture
def supplier(db):
    supplier = SupplierFactory(name="Bolt Works")
    return PartnerRef(PartnerType.SUPPLIER, supplier.pk, supplier.name)


@pytest.fixture
def document(accountant):
    """Enter a document's money effect as its app does: ``document(partner, entry_type, amount, day)``."""

    def post(partner, entry_type, amount, day=TODAY, document_type=None, prefix="DOC"):
        doc_id = next(_ids)
        ref = DocumentRef(document_type or f"tests.{entry_type}", doc_id, f"{prefix}-{doc_id}")
        ledger_entry_post(
            partner=partner,
            entry_type=entry_type,
            amount=Decimal(str(amount)),
            date=day,
            document=ref,
            by=accountant,
        )
        return ref

    return post


@pytest.fixture
def delivery(document, customer):
    def post(amount, day=TODAY):
        return document(customer, EntryType.SALE, amount, day, "sales.delivery", "DN")

    return post


@pytest.fixture
def receipt(document, supplier):
    def post(amount, day=TODAY):
        return document(supplier, EntryType.PURCHASE, amount, day, "purchasing.goodsreceipt", "GR")

    return post
