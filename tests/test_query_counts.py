"""Every list, report and inbox page runs a bounded number of queries, whatever the number of rows.

Each page is read with a few rows of every document and again with twice as many (both more than a page,
the page size set small), and must run the same number of queries both times, within ``MAX_QUERIES``.
A page whose template reads a relation per row (an N+1) fails here before it is slow on a real company's
data. The list pages are found from the URL configuration, so a new list is checked without a new test.
"""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from common.views import StaffListView
from finance.services import PartnerRef, ledger_entry_post
from inventory.models import Location, StockBalance, StockMove, Transfer, TransferLine, Warehouse
from purchasing.models import GoodsReceipt, GoodsReceiptLine
from reports import framework
from returns.models import Refund, ReturnLine, ReturnRequest
from sales.models import Customer, Delivery, DeliveryLine
from tests.factories import (
    CustomerFactory,
    CustomerVisitFactory,
    InvoiceFactory,
    LotFactory,
    PaymentFactory,
    ProductFactory,
    PurchaseOrderFactory,
    PurchaseOrderLineFactory,
    ReturnReasonFactory,
    SalesOrderFactory,
    SalesOrderLineFactory,
    SupplierFactory,
    UserFactory,
)

PAGE_SIZE = 4
MAX_QUERIES = 30


def _list_url_names(patterns=None, namespace=""):
    """``namespace:name`` of every list page without URL arguments."""
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}:{pattern.namespace}".strip(":") if pattern.namespace else namespace
            yield from _list_url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name and not pattern.pattern.converters:
            view_class = getattr(pattern.callback, "view_class", None)
            if view_class is not None and issubclass(view_class, StaffListView):
                yield f"{namespace}:{pattern.name}".strip(":")


LIST_PAGES = sorted(set(_list_url_names()))
REPORT_PAGES = sorted(f"reports:{report.slug}" for report in framework.report_classes())
OTHER_PAGES = ["dashboard", "common:approvals"]


def _documents(count: int, *, creator, warehouse: Warehouse, location: Location) -> None:
    """``count`` of every kind of document the lists and reports show, dated today."""
    today = timezone.localdate()
    now = timezone.now()
    reason = ReturnReasonFactory()
    for _ in range(count):
        product = ProductFactory()
        supplier = SupplierFactory()
        customer = CustomerFactory()
        CustomerVisitFactory(customer=customer, created_by=creator)
        LotFactory(product=product)
        StockBalance.objects.create(
            product=product, location=location, on_hand=Decimal("8"), value=Decimal("40")
        )
        order = PurchaseOrderFactory(
            supplier=supplier, warehouse=warehouse, order_date=today, created_by=creator, status="submitted"
        )
        order_line = PurchaseOrderLineFactory(order=order, product=product)
        receipt = GoodsReceipt.objects.create(
            number=f"GR-T-{order.pk}",
            order=order,
            supplier=supplier,
            warehouse=warehouse,
            date=today,
            total=Decimal("50"),
            created_by=creator,
        )
        receipt_line = GoodsReceiptLine.objects.create(
            receipt=receipt,
            order_line=order_line,
            product=product,
            location=location,
            arrived_quantity=Decimal("10"),
            accepted_quantity=Decimal("10"),
            unit_price=Decimal("5"),
            amount=Decimal("50"),
        )
        StockMove.objects.create(
            product=product,
            location=location,
            quantity=Decimal("10"),
            unit_cost=Decimal("5"),
            value=Decimal("50"),
            move_type="receipt",
            document_type="purchasing.goodsreceipt",
            document_id=receipt.pk,
            document_number=receipt.number,
            document_line_id=receipt_line.pk,
            created_by=creator,
        )
        sales_order = SalesOrderFactory(
            customer=customer,
            warehouse=warehouse,
            order_date=today,
            created_by=creator,
            status="submitted",
            total=Decimal("24"),
        )
        sales_line = SalesOrderLineFactory(order=sales_order, product=product, quantity=Decimal("2"))
        delivery = Delivery.objects.create(
            number=f"DN-T-{sales_order.pk}",
            order=sales_order,
            customer=customer,
            warehouse=warehouse,
            date=today,
            status="shipped",
            shipped_at=now,
            shipped_by=creator,
            total=Decimal("24"),
            cost_total=Decimal("10"),
            created_by=creator,
        )
        delivery_line = DeliveryLine.objects.create(
            delivery=delivery,
            order_line=sales_line,
            product=product,
            location=location,
            quantity=Decimal("2"),
            amount=Decimal("24"),
            unit_cost=Decimal("5"),
            cost_amount=Decimal("10"),
        )
        StockMove.objects.create(
            product=product,
            location=location,
            quantity=Decimal("-2"),
            unit_cost=Decimal("5"),
            value=Decimal("-10"),
            move_type="shipment",
            document_type="sales.delivery",
            document_id=delivery.pk,
            document_number=delivery.number,
            document_line_id=delivery_line.pk,
            created_by=creator,
        )
        request = ReturnRequest.objects.create(
            number=f"RMA-T-{sales_order.pk}",
            customer=customer,
            order=sales_order,
            warehouse=warehouse,
            status="submitted",
            amount=Decimal("12"),
            created_by=creator,
        )
        ReturnLine.objects.create(
            request=request,
            product=product,
            delivery_line=delivery_line,
            quantity=Decimal("1"),
            unit_price=Decimal("12"),
            unit_cost=Decimal("5"),
            reason=reason,
        )
        Refund.objects.create(
            number=f"RF-T-{request.pk}",
            request=request,
            customer=customer,
            amount=Decimal("12"),
            created_by=creator,
        )
        for partner_type, partner, entry_type, document in (
            ("supplier", supplier, "purchase", receipt),
            ("customer", customer, "sale", delivery),
        ):
            ledger_entry_post(  # the service: it also keeps the document's figures the reports read
                partner=PartnerRef(partner_type, partner.pk, partner.name),
                entry_type=entry_type,
                amount=document.total,
                date=today,
                document=document,
                by=creator,
            )
        transfer = Transfer.objects.create(
            number=f"TR-T-{sales_order.pk}",
            source_warehouse=warehouse,
            destination=location,
            created_by=creator,
        )
        TransferLine.objects.create(
            transfer=transfer, product=product, source=location, quantity=Decimal("1"), unit_cost=Decimal("5")
        )
        PaymentFactory(created_by=creator, date=today)
        InvoiceFactory(created_by=creator, date=today, contract="")


@pytest.fixture
def reader(db, settings):
    settings.LIST_PAGE_SIZE = PAGE_SIZE
    return UserFactory(username="reader", is_superuser=True, is_staff=True)


@pytest.fixture
def place(db):
    warehouse = Warehouse.objects.create(code="QC", name="Query count")
    return warehouse, Location.objects.create(warehouse=warehouse, code="A01")


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def _check(names, client, reader, place, django_assert_max_num_queries):
    """Read every page with few rows and with twice as many; report each page whose count grows."""
    warehouse, location = place
    creator = UserFactory(username="creator")
    urls = [reverse(name) for name in names]
    _documents(PAGE_SIZE + 2, creator=creator, warehouse=warehouse, location=location)
    client.force_login(reader)
    for url in urls:
        client.get(url)  # caches warm (content types, the session), as on a server that has been running
    few = {url: _queries(client, url) for url in urls}
    _documents(PAGE_SIZE + 2, creator=creator, warehouse=warehouse, location=location)
    many = {}
    for url in urls:
        with django_assert_max_num_queries(MAX_QUERIES):
            many[url] = _queries(client, url)
    grown = {url: (few[url], many[url]) for url in urls if many[url] != few[url]}
    assert not grown, f"queries with {PAGE_SIZE + 2} rows and with {2 * (PAGE_SIZE + 2)}: {grown}"


def test_list_page_queries_do_not_grow_with_rows(client, reader, place, django_assert_max_num_queries):
    assert len(LIST_PAGES) > 20  # the URL configuration was read
    _check(LIST_PAGES, client, reader, place, django_assert_max_num_queries)


def test_report_page_queries_do_not_grow_with_rows(client, reader, place, django_assert_max_num_queries):
    assert REPORT_PAGES
    _check(REPORT_PAGES, client, reader, place, django_assert_max_num_queries)


def test_dashboard_and_inbox_queries_do_not_grow_with_rows(
    client, reader, place, django_assert_max_num_queries
):
    _check(OTHER_PAGES, client, reader, place, django_assert_max_num_queries)


def test_searched_and_deep_pages_stay_bounded(client, reader, place, django_assert_max_num_queries):
    """A search, a filter and the second page cost no more than the first page."""
    warehouse, location = place
    creator = UserFactory(username="creator")
    _documents(3 * PAGE_SIZE, creator=creator, warehouse=warehouse, location=location)
    client.force_login(reader)
    for url in (
        reverse("inventory:product-list") + "?q=a",
        reverse("inventory:stock") + f"?warehouse={warehouse.pk}&q=a",
        reverse("returns:request-list") + "?page=2",
        reverse("inventory:move-list") + "?page=3",
    ):
        with django_assert_max_num_queries(MAX_QUERIES):
            assert client.get(url).status_code == 200


def test_lists_do_not_count_past_the_limit(client, reader, place, settings):
    """Beyond the counting limit a list says "more than" and offers the next page, not the last."""
    from common.lists import ListPaginator

    warehouse, location = place
    creator = UserFactory(username="creator")
    _documents(PAGE_SIZE + 2, creator=creator, warehouse=warehouse, location=location)
    client.force_login(reader)
    limit = ListPaginator.count_limit
    ListPaginator.count_limit = PAGE_SIZE + 1
    try:
        response = client.get(reverse("sales:customer-list"))
    finally:
        ListPaginator.count_limit = limit
    html = response.content.decode()
    assert f"More than {PAGE_SIZE + 1} rows" in html
    assert "Next" in html
    assert "Page 1 of" not in html
    total = Customer.objects.count()
    pages = -(-total // PAGE_SIZE)
    last = client.get(reverse("sales:customer-list") + f"?page={pages}").content.decode()
    assert f"{total} rows" in last  # the last page knows the total exactly, without counting
    assert f"Page {pages} of {pages}" in last
