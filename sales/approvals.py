"""Sales orders in the approval inbox: what waits for a user, and how to decide it."""

from django.utils.translation import gettext as _

from common import approvals
from common.approvals import PendingApproval, PendingSource, approval_key
from common.exceptions import DomainError
from sales import services
from sales.choices import SalesOrderStatus
from sales.models import SalesOrder


def sales_orders_pending(user) -> PendingSource | None:
    if not user.has_perm("sales.approve_salesorder"):
        return None
    orders = (
        SalesOrder.objects.filter(status=SalesOrderStatus.SUBMITTED)
        .exclude(created_by=user)
        .select_related("created_by", "customer")
    )
    return PendingSource(orders, _items)


def _items(orders) -> list[PendingApproval]:
    return [
        PendingApproval(
            kind=_("Sales order"),
            number=order.number,
            description=" ".join([str(order.customer), *order.approval_note.splitlines()]),
            url=order.get_absolute_url(),
            created_by=str(order.created_by),
            created_at=order.created_at,
            amount=order.total,
            key=approval_key(order),
        )
        for order in orders
    ]


def _get(document_id: int) -> SalesOrder:
    try:
        return SalesOrder.objects.get(pk=document_id)
    except SalesOrder.DoesNotExist as exc:
        raise DomainError(_("This document no longer exists.")) from exc


def order_approve(*, document_id: int, by):
    return services.sales_order_approve(order=_get(document_id), by=by)


def order_reject(*, document_id: int, by, reason: str):
    return services.sales_order_reject(order=_get(document_id), by=by, reason=reason)


def register() -> None:
    approvals.register(sales_orders_pending)
    approvals.register_decider(
        "sales.salesorder",
        permission="sales.approve_salesorder",
        approve=order_approve,
        reject=order_reject,
    )
