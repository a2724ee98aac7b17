"""What returns adds to the sales order page (its return status and a "return" action) and to the customer
page (the customer's return requests), through ``common.panels``: sales does not import returns."""

from django.urls import reverse

from common import panels
from common.panels import Panel
from returns.models import ReturnRequest
from returns.selectors import order_return_status
from sales.choices import SalesOrderStatus

RETURNABLE_ORDER_STATUSES = [
    SalesOrderStatus.PARTIALLY_SHIPPED,
    SalesOrderStatus.SHIPPED,
    SalesOrderStatus.COMPLETED,
]


def order_panel(order, user) -> Panel | None:
    if not user.has_perm("returns.view_returnrequest"):
        return None
    status = order_return_status(order_id=order.pk)
    can_return = user.has_perm("returns.add_returnrequest") and order.status in RETURNABLE_ORDER_STATUSES
    if status is None and not can_return:
        return None
    return Panel(
        "returns/_order_panel.html",
        {
            "status": status,
            "return_url": reverse("returns:request-create") + f"?order={order.pk}" if can_return else None,
        },
    )


def customer_panel(customer, user) -> Panel | None:
    if not user.has_perm("returns.view_returnrequest"):
        return None
    requests = list(ReturnRequest.objects.filter(customer=customer).order_by("-created_at")[:10])
    can_create = user.has_perm("returns.add_returnrequest")
    if not requests and not can_create:
        return None
    return Panel(
        "returns/_customer_panel.html",
        {
            "requests": requests,
            "list_url": reverse("returns:request-list") + f"?customer={customer.pk}",
            "create_url": reverse("returns:request-create") + f"?customer={customer.pk}"
            if can_create
            else None,
        },
    )


def register() -> None:
    panels.register("sales.salesorder", order_panel)
    panels.register("sales.customer", customer_panel)
