"""Purchase orders: create, edit while draft, submit, approve or reject, reopen, cancel, close."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from uuid import UUID

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.documents import (
    document_amounts_check,
    document_create_once,
    document_number_next,
    document_transition,
)
from common.exceptions import DocumentStateError, DomainError
from inventory.models import Product, Warehouse
from purchasing.choices import PurchaseOrderStatus
from purchasing.models import PurchaseOrder, PurchaseOrderLine, line_amount
from purchasing.services.common import (
    check_quantity,
    notify_rejected,
    notify_submitted,
    reason_required,
    refuse_own,
)
from suppliers.models import Supplier


@dataclass(frozen=True)
class OrderLineData:
    product: Product
    quantity: Decimal
    unit_price: Decimal
    expected_date: date | None = None


def _check_header(*, supplier: Supplier, warehouse: Warehouse) -> None:
    if not supplier.is_active:
        raise DomainError(_("%(supplier)s is inactive.") % {"supplier": supplier}, field="supplier")
    if not warehouse.is_active:
        raise DomainError(_("%(warehouse)s is inactive.") % {"warehouse": warehouse}, field="warehouse")


def _check_lines(lines: Sequence[OrderLineData]) -> None:
    if not lines:
        raise DomainError(_("Add at least one line."))
    for line in lines:
        check_quantity(line.product, line.quantity)
        if line.unit_price is None or line.unit_price < 0:
            raise DomainError(_("The price of %(product)s cannot be negative.") % {"product": line.product})


def _lines_write(order: PurchaseOrder, lines: Sequence[OrderLineData]) -> None:
    """Replace the lines of a draft and its total (a draft has no receipts, so nothing refers to them)."""
    order.lines.all().delete()
    created = [
        PurchaseOrderLine(
            order=order,
            product=line.product,
            quantity=line.quantity,
            unit_price=line.unit_price,
            amount=line_amount(line.quantity, line.unit_price),
            expected_date=line.expected_date,
        )
        for line in lines
    ]
    document_amounts_check(created)
    created = PurchaseOrderLine.objects.bulk_create(created)
    order.total = sum((line.amount for line in created), Decimal("0"))
    order.save(update_fields=["total"])


def _lock(order: PurchaseOrder) -> PurchaseOrder:
    return PurchaseOrder.objects.select_for_update(of=("self",)).get(pk=order.pk)


def purchase_order_create(
    *,
    supplier: Supplier,
    warehouse: Warehouse,
    order_date: date,
    lines: Sequence[OrderLineData],
    by,
    expected_date: date | None = None,
    note: str = "",
    client_token: UUID | None = None,
) -> PurchaseOrder:
    """Create a draft. Called again with the same ``client_token`` it returns the first order."""

    def create():
        _check_header(supplier=supplier, warehouse=warehouse)
        _check_lines(lines)
        order = PurchaseOrder.objects.create(
            number=document_number_next(prefix=PurchaseOrder.number_prefix),
            supplier=supplier,
            warehouse=warehouse,
            order_date=order_date,
            expected_date=expected_date,
            note=note,
            client_token=client_token,
            created_by=by,
        )
        _lines_write(order, lines)
        return order

    return document_create_once(PurchaseOrder, client_token=client_token, create=create)


def purchase_order_update(
    *,
    order: PurchaseOrder,
    supplier: Supplier,
    warehouse: Warehouse,
    order_date: date,
    lines: Sequence[OrderLineData],
    by,
    expected_date: date | None = None,
    note: str = "",
) -> PurchaseOrder:
    """Change the header and replace the lines; only a draft can be changed."""
    _check_header(supplier=supplier, warehouse=warehouse)
    _check_lines(lines)
    with transaction.atomic():
        order = _lock(order)
        if order.status != PurchaseOrderStatus.DRAFT:
            raise DocumentStateError(
                _("%(number)s is %(status)s: only a draft can be changed.")
                % {"number": order.number, "status": order.get_status_display()}
            )
        order.supplier, order.warehouse = supplier, warehouse
        order.order_date, order.expected_date, order.note = order_date, expected_date, note
        order.save(update_fields=["supplier", "warehouse", "order_date", "expected_date", "note"])
        _lines_write(order, lines)
    return order


def purchase_order_submit(*, order: PurchaseOrder, by, comment: str = "") -> PurchaseOrder:
    """Send a draft for approval; below ``PURCHASE_AUTO_APPROVE_LIMIT`` it is approved at once."""
    with transaction.atomic():
        order = _lock(order)
        if not order.lines.exists():
            raise DomainError(_("Add at least one line before submitting."))
        document_transition(order, order.submit, by=by, comment=comment)
        limit = settings.PURCHASE_AUTO_APPROVE_LIMIT
        if limit > 0 and order.total < limit:
            document_transition(
                order,
                order.approve,
                by=by,
                check_permission=False,
                comment=_("Approved automatically: the total is below %(limit)s.") % {"limit": limit},
                approver=None,
                at=timezone.now(),
            )
        else:
            notify_submitted(order, permission="purchasing.approve_purchaseorder", by=by)
    return order


def purchase_order_approve(*, order: PurchaseOrder, by, comment: str = "") -> PurchaseOrder:
    with transaction.atomic():
        order = _lock(order)
        refuse_own(order, by)
        document_transition(order, order.approve, by=by, comment=comment, approver=by, at=timezone.now())
    return order


def purchase_order_reject(*, order: PurchaseOrder, by, reason: str) -> PurchaseOrder:
    """Send a submitted order back; the reason is kept on the order and shown to its creator."""
    reason = reason_required(reason)
    with transaction.atomic():
        order = _lock(order)
        refuse_own(order, by)
        document_transition(order, order.reject, by=by, comment=reason, reason=reason)
        notify_rejected(order, reason=reason, by=by)
    return order


def purchase_order_reopen(*, order: PurchaseOrder, by) -> PurchaseOrder:
    """A rejected order goes back to draft, to be corrected and submitted again."""
    with transaction.atomic():
        order = _lock(order)
        document_transition(order, order.reopen, by=by)
    return order


def purchase_order_cancel(*, order: PurchaseOrder, by, comment: str = "") -> PurchaseOrder:
    """Possible until the first goods receipt."""
    with transaction.atomic():
        order = _lock(order)
        document_transition(order, order.cancel, by=by, comment=comment)
    return order


def purchase_order_close(*, order: PurchaseOrder, by, comment: str = "") -> PurchaseOrder:
    """End a (partially) received order: nothing more is expected against it."""
    with transaction.atomic():
        order = _lock(order)
        document_transition(order, order.close, by=by, comment=comment)
    return order
