"""Sales orders: create, edit while draft, submit (approved at once when within credit and in stock),
approve or reject, reopen, cancel (releasing the reservations), complete."""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from uuid import UUID

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
from common.notifications import notify_approvers
from finance.choices import PartnerType
from finance.selectors import partner_balance
from inventory.exceptions import InsufficientStockError
from inventory.models import Product, Warehouse
from inventory.services import ReserveSpec, stock_release, stock_reserve_lines
from sales.choices import CustomerStage, DeliveryStatus, PriceType, SalesOrderStatus
from sales.models import Customer, SalesOrder, SalesOrderLine, line_amount
from sales.services.common import (
    available_in_warehouse,
    check_quantity,
    quantity_text,
    reason_required,
    refuse_own,
)

ZERO = Decimal("0")
SOS = SalesOrderStatus


@dataclass(frozen=True)
class OrderLineData:
    product: Product
    quantity: Decimal
    unit_price: Decimal | None = None  # None: the price of the order's price list
    discount_percent: Decimal = ZERO


def list_price(product: Product, price_type: str) -> Decimal:
    return product.sale_price if price_type == PriceType.RETAIL else product.wholesale_price


def price_type_for(customer: Customer) -> str:
    return PriceType.RETAIL if customer.customer_type == PriceType.RETAIL else PriceType.WHOLESALE


def _check_header(*, customer: Customer, warehouse: Warehouse) -> None:
    if not customer.is_active:
        raise DomainError(_("%(customer)s is inactive.") % {"customer": customer}, field="customer")
    if customer.stage == CustomerStage.PROSPECT:
        raise DomainError(
            _("%(customer)s is still a prospect: convert it to a customer first.") % {"customer": customer},
            field="customer",
        )
    if not warehouse.is_active:
        raise DomainError(_("%(warehouse)s is inactive.") % {"warehouse": warehouse}, field="warehouse")


def _check_lines(lines: Sequence[OrderLineData]) -> None:
    if not lines:
        raise DomainError(_("Add at least one line."))
    for line in lines:
        check_quantity(line.product, line.quantity)
        if not line.product.is_active:
            raise DomainError(_("%(product)s is inactive.") % {"product": line.product})
        if line.unit_price is not None and line.unit_price < 0:
            raise DomainError(_("The price of %(product)s cannot be negative.") % {"product": line.product})
        if not ZERO <= (line.discount_percent or ZERO) <= 100:
            raise DomainError(
                _("The discount of %(product)s must be between 0 and 100%%.") % {"product": line.product}
            )


def _lines_write(order: SalesOrder, lines: Sequence[OrderLineData]) -> None:
    """Replace the lines of a draft and its total (a draft has no deliveries, so nothing refers to them)."""
    order.lines.all().delete()
    created = [
        SalesOrderLine(
            order=order,
            product=line.product,
            quantity=line.quantity,
            unit_price=price,
            discount_percent=line.discount_percent or ZERO,
            amount=line_amount(line.quantity, price, line.discount_percent or ZERO),
        )
        for line in lines
        for price in [
            line.unit_price if line.unit_price is not None else list_price(line.product, order.price_type)
        ]
    ]
    document_amounts_check(created)
    created = SalesOrderLine.objects.bulk_create(created)
    order.total = sum((line.amount for line in created), ZERO)
    order.save(update_fields=["total"])


def _lock(order: SalesOrder) -> SalesOrder:
    return SalesOrder.objects.select_for_update(of=("self",)).get(pk=order.pk)


def sales_order_create(
    *,
    customer: Customer,
    warehouse: Warehouse,
    order_date: date,
    lines: Sequence[OrderLineData],
    by,
    expected_date: date | None = None,
    price_type: str | None = None,
    note: str = "",
    client_token: UUID | None = None,
    is_retail: bool = False,
    payment_method: str = "",
) -> SalesOrder:
    """Create a draft. Called again with the same ``client_token`` it returns the first order."""

    def create():
        _check_header(customer=customer, warehouse=warehouse)
        _check_lines(lines)
        order = SalesOrder.objects.create(
            number=document_number_next(prefix=SalesOrder.number_prefix, on=order_date),
            customer=customer,
            warehouse=warehouse,
            order_date=order_date,
            expected_date=expected_date,
            price_type=price_type or price_type_for(customer),
            note=note,
            client_token=client_token,
            is_retail=is_retail,
            payment_method=payment_method,
            created_by=by,
        )
        _lines_write(order, lines)
        return order

    return document_create_once(SalesOrder, client_token=client_token, create=create)


def sales_order_update(
    *,
    order: SalesOrder,
    customer: Customer,
    warehouse: Warehouse,
    order_date: date,
    lines: Sequence[OrderLineData],
    by,
    expected_date: date | None = None,
    price_type: str | None = None,
    note: str = "",
) -> SalesOrder:
    """Change the header and replace the lines; only a draft can be changed."""
    _check_header(customer=customer, warehouse=warehouse)
    _check_lines(lines)
    with transaction.atomic():
        order = _lock(order)
        if order.status != SOS.DRAFT:
            raise DocumentStateError(
                _("%(number)s is %(status)s: only a draft can be changed.")
                % {"number": order.number, "status": order.get_status_display()}
            )
        order.customer, order.warehouse = customer, warehouse
        order.order_date, order.expected_date, order.note = order_date, expected_date, note
        order.price_type = price_type or price_type_for(customer)
        order.save(
            update_fields=["customer", "warehouse", "order_date", "expected_date", "note", "price_type"]
        )
        _lines_write(order, lines)
    return order


@dataclass(frozen=True)
class CreditCheck:
    limit: Decimal
    receivable: Decimal  # what the customer owes now (the partner ledger balance)
    order_total: Decimal

    @property
    def used(self) -> Decimal:
        return self.receivable + self.order_total

    @property
    def excess(self) -> Decimal:
        return max(self.used - self.limit, ZERO)


def credit_check(order: SalesOrder) -> CreditCheck:
    """Open receivable plus this order against the customer's credit limit (0: no credit is given)."""
    receivable = partner_balance(partner_type=PartnerType.CUSTOMER, partner_id=order.customer_id)
    return CreditCheck(limit=order.customer.credit_limit, receivable=receivable, order_total=order.total)


def stock_shortages(order: SalesOrder) -> list[str]:
    """One sentence per product the order's warehouse cannot supply now (available = on hand - reserved)."""
    needed: dict[int, Decimal] = defaultdict(Decimal)
    products = {}
    for line in order.lines.select_related("product"):
        needed[line.product_id] += line.open_quantity
        products[line.product_id] = line.product
    available = available_in_warehouse(product_ids=needed, warehouse_id=order.warehouse_id)
    return [
        _("Short of stock: %(product)s needs %(needed)s, %(available)s available in %(warehouse)s.")
        % {
            "product": f"{products[pid].sku} {products[pid].name}",
            "needed": quantity_text(quantity),
            "available": quantity_text(available.get(pid, ZERO)),
            "warehouse": order.warehouse,
        }
        for pid, quantity in needed.items()
        if available.get(pid, ZERO) < quantity
    ]


def approval_reasons(order: SalesOrder) -> list[str]:
    """Why the order cannot be approved automatically; empty when it can."""
    reasons = []
    credit = credit_check(order)
    if credit.excess > 0:
        reasons.append(
            _(
                "Over the credit limit by %(excess)s: open receivable %(receivable)s plus this order "
                "%(total)s against a limit of %(limit)s."
            )
            % {
                "excess": credit.excess,
                "receivable": credit.receivable,
                "total": credit.order_total,
                "limit": credit.limit,
            }
        )
    reasons.extend(stock_shortages(order))
    return reasons


def order_stock_reserve(order: SalesOrder) -> None:
    """Hold every line's open quantity in the order's warehouse, first-expiry-first-out."""
    lines = order.lines.select_related("product").order_by("product_id", "id")
    stock_reserve_lines(
        warehouse=order.warehouse,
        document=order,
        lines=[ReserveSpec(line.product, line.open_quantity, line.pk) for line in lines],
    )


def _notify_approvers(order: SalesOrder, by) -> None:
    notify_approvers(
        document_label=str(SalesOrder._meta.verbose_name),
        number=order.number,
        url=order.get_absolute_url(),
        permission="sales.approve_salesorder",
        exclude_user=by,
    )


def sales_order_submit(*, order: SalesOrder, by, comment: str = "") -> SalesOrder:
    """Within the credit limit and with the stock available the order is approved at once and reserves
    its stock; otherwise it waits for an approver, who sees why."""
    with transaction.atomic():
        order = _lock(order)
        if not order.lines.exists():
            raise DomainError(_("Add at least one line before submitting."))
        if order.status != SOS.DRAFT:
            raise DocumentStateError(
                _("%(number)s is %(status)s: this action is not possible now.")
                % {"number": order.number, "status": order.get_status_display()}
            )
        reasons = approval_reasons(order)
        if not reasons:
            try:
                with transaction.atomic():
                    document_transition(order, order.submit, by=by, comment=comment)
                    document_transition(
                        order,
                        order.approve,
                        by=by,
                        check_permission=False,
                        comment=_("Approved automatically: within the credit limit and in stock."),
                        approver=None,
                        at=timezone.now(),
                    )
                    order_stock_reserve(order)
                return order
            except InsufficientStockError as error:  # stock taken between the check and the reservation
                reasons = [error.message]
                order = _lock(order)
        document_transition(order, order.submit, by=by, comment=comment, approval_note="\n".join(reasons))
        _notify_approvers(order, by)
    return order


def sales_order_approve(*, order: SalesOrder, by, comment: str = "") -> SalesOrder:
    """An approver accepts the order (over the credit limit if need be); the stock must be there."""
    with transaction.atomic():
        order = _lock(order)
        refuse_own(order, by)
        document_transition(order, order.approve, by=by, comment=comment, approver=by, at=timezone.now())
        order_stock_reserve(order)
    return order


def sales_order_reject(*, order: SalesOrder, by, reason: str) -> SalesOrder:
    reason = reason_required(reason)
    with transaction.atomic():
        order = _lock(order)
        refuse_own(order, by)
        document_transition(order, order.reject, by=by, comment=reason, reason=reason)
    return order


def sales_order_reopen(*, order: SalesOrder, by) -> SalesOrder:
    """A rejected order goes back to draft, to be corrected and submitted again."""
    with transaction.atomic():
        order = _lock(order)
        document_transition(order, order.reopen, by=by)
    return order


def sales_order_cancel(*, order: SalesOrder, by, comment: str = "") -> SalesOrder:
    """Possible until the first shipment; the stock the order held is released."""
    with transaction.atomic():
        order = _lock(order)
        document_transition(order, order.cancel, by=by, comment=comment)
        stock_release(document=order)
        for delivery in order.deliveries.select_for_update().filter(status=DeliveryStatus.DRAFT):
            document_transition(delivery, delivery.cancel, by=by, check_permission=False, comment=comment)
    return order


def sales_order_complete(*, order: SalesOrder, by, comment: str = "") -> SalesOrder:
    """Complete a shipped order, or close a partially shipped one short: that needs a reason, cancels
    its draft deliveries and releases the stock still held for the rest."""
    with transaction.atomic():
        order = _lock(order)
        short = order.status == SalesOrderStatus.PARTIALLY_SHIPPED
        if short and not comment.strip():
            raise DomainError(_("Say why the rest of the order will not be delivered."), field="reason")
        document_transition(order, order.complete, by=by, comment=comment.strip())
        if short:
            stock_release(document=order)
            for delivery in order.deliveries.select_for_update().filter(status=DeliveryStatus.DRAFT):
                document_transition(delivery, delivery.cancel, by=by, check_permission=False, comment=comment)
    return order
