"""换货: ship an exchange replacement (decided in the returns app) as an approved order and its delivery.

Added for the returns app, which may call sales services but not run sales transitions itself. The order
is approved without the credit check: the return's credit nets against this receivable, so only the price
difference is what the customer owes.
"""

from collections.abc import Sequence
from datetime import date as date_type

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.documents import document_transition
from inventory.models import Warehouse
from sales.models import Customer, Delivery, SalesOrder
from sales.services.deliveries import delivery_create
from sales.services.orders import OrderLineData, order_stock_reserve, sales_order_create


def exchange_sale_post(
    *,
    customer: Customer,
    warehouse: Warehouse,
    lines: Sequence[OrderLineData],
    by,
    carrier: str = "",
    tracking_number: str = "",
    note: str = "",
    on: date_type | None = None,
) -> Delivery:
    """Order, reserve (first-expiry-first-out), ship and complete in one transaction; return the delivery."""
    day = on or timezone.localdate()
    with transaction.atomic():
        order = sales_order_create(
            customer=customer, warehouse=warehouse, order_date=day, lines=lines, by=by, note=note
        )
        order = SalesOrder.objects.select_for_update(of=("self",)).get(pk=order.pk)
        document_transition(order, order.submit, by=by, check_permission=False)
        document_transition(
            order,
            order.approve,
            by=by,
            check_permission=False,
            comment=_("Exchange replacement"),
            approver=None,
            at=timezone.now(),
        )
        order_stock_reserve(order)
        delivery = delivery_create(
            order=order,
            by=by,
            date=day,
            carrier=carrier,
            tracking_number=tracking_number,
            note=note,
            ship=True,
            check_permission=False,
        )
        order = SalesOrder.objects.select_for_update(of=("self",)).get(pk=order.pk)
        document_transition(order, order.complete, by=by, check_permission=False)
    return delivery
