"""Real threads on PostgreSQL: receipts of the same order line at the same moment, and a double submit."""

import threading
import uuid
from decimal import Decimal

import pytest
from django.db import connection

from finance.choices import PartnerType
from finance.selectors import partner_balance
from inventory.models import StockBalance
from purchasing import services
from purchasing.choices import PurchaseOrderStatus
from purchasing.exceptions import ReceiptRefusedError
from purchasing.models import GoodsReceipt, PurchaseOrder, PurchaseOrderLine
from purchasing.services import OrderLineData, ReceiptLineData
from tests.purchasing.conftest import TODAY

POS = PurchaseOrderStatus

pytestmark = pytest.mark.django_db(transaction=True)


def run_together(count, work):
    """``work(i)`` in ``count`` threads released at once; returns each outcome or exception."""
    barrier = threading.Barrier(count)
    outcomes = [None] * count

    def runner(index):
        try:
            barrier.wait(timeout=30)
            outcomes[index] = work(index)
        except Exception as exc:  # each outcome is examined by the test
            outcomes[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=runner, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not any(thread.is_alive() for thread in threads), "a thread never finished: a lock was never freed"
    return outcomes


@pytest.fixture
def open_line(approved_order):
    return approved_order.lines.get()  # 10 ordered at 5.00


@pytest.mark.parametrize(("threads", "each", "successes"), [(4, 6, 1), (5, 3, 3), (2, 5, 2)])
def test_simultaneous_receipts_never_exceed_the_order(
    threads, each, successes, approved_order, open_line, keeper, location, product, supplier
):
    def work(_index):
        line = ReceiptLineData(open_line.pk, location, Decimal(each), Decimal(each))
        return services.goods_receipt_post(order=approved_order, lines=[line], date=TODAY, by=keeper)

    outcomes = run_together(threads, work)
    posted = [o for o in outcomes if isinstance(o, GoodsReceipt)]
    refused = [o for o in outcomes if isinstance(o, ReceiptRefusedError)]
    assert len(posted) == successes, outcomes
    assert len(refused) == threads - successes, outcomes

    line = PurchaseOrderLine.objects.get(pk=open_line.pk)
    assert line.accepted_quantity == Decimal(each * successes) <= line.quantity
    assert StockBalance.objects.get(product=product, location=location).on_hand == line.accepted_quantity
    payable = partner_balance(partner_type=PartnerType.SUPPLIER, partner_id=supplier.pk)
    assert payable == line.accepted_quantity * Decimal("5.00")
    expected = POS.RECEIVED if line.accepted_quantity == line.quantity else POS.PARTIALLY_RECEIVED
    assert PurchaseOrder.objects.get(pk=approved_order.pk).status == expected


def test_the_same_order_form_posted_twice_at_once_creates_one_order(clerk, supplier, warehouse, product):
    token = uuid.uuid4()

    def work(_index):
        return services.purchase_order_create(
            supplier=supplier,
            warehouse=warehouse,
            order_date=TODAY,
            lines=[OrderLineData(product, Decimal("1"), Decimal("1"))],
            by=clerk,
            client_token=token,
        )

    outcomes = run_together(3, work)
    assert all(isinstance(o, PurchaseOrder) for o in outcomes), outcomes
    assert len({o.pk for o in outcomes}) == 1
    assert PurchaseOrder.objects.count() == 1
