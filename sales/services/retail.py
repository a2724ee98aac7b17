"""商品零售 / 零售退货: a walk-in sale (order, delivery and payment in one step) and its counter return."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date as date_type
from decimal import ROUND_HALF_UP, Decimal
from uuid import UUID

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.documents import document_number_next, document_transition
from common.exceptions import DomainError
from finance.choices import EntryType
from finance.services import allocation_auto, ledger_entry_post
from inventory.choices import MoveType
from inventory.models import Warehouse
from inventory.services import MoveSpec, stock_moves_post
from sales.choices import CustomerStage, CustomerType, PaymentMethod, PriceType, SalesOrderStatus
from sales.exceptions import ReturnRefusedError
from sales.models import (
    Customer,
    DeliveryLine,
    RetailReturn,
    RetailReturnLine,
    SalesOrder,
    SalesPayment,
)
from sales.services.common import check_quantity, customer_ref, quantity_text
from sales.services.deliveries import delivery_create, delivery_returns_total
from sales.services.orders import OrderLineData, order_stock_reserve, sales_order_create

ZERO = Decimal("0")
CENT = Decimal("0.01")
WALK_IN_CODE = "RETAIL"


@dataclass(frozen=True)
class RetailSaleResult:
    order: SalesOrder
    paid: Decimal
    change: Decimal


@dataclass(frozen=True)
class ReturnLineData:
    delivery_line_id: int
    quantity: Decimal


def walk_in_customer() -> Customer:
    """The customer of anonymous counter sales, made the first time it is needed."""
    customer, _created = Customer.objects.get_or_create(
        code=WALK_IN_CODE,
        defaults={
            "name": _("Walk-in customer"),
            "customer_type": CustomerType.RETAIL,
            "stage": CustomerStage.CUSTOMER,
        },
    )
    return customer


def _check_counter(by) -> None:
    if not by.has_perm("sales.use_retail_counter"):
        raise DomainError(_("You are not allowed to use the retail counter."))


def retail_sale_post(
    *,
    warehouse: Warehouse,
    lines: Sequence[OrderLineData],
    payment_method: str,
    paid_amount: Decimal,
    by,
    customer: Customer | None = None,
    client_token: UUID | None = None,
    on: date_type | None = None,
) -> RetailSaleResult:
    """Sell at the counter: an approved retail order, a shipped delivery (first-expiry-first-out from
    the warehouse) and the payment, in one transaction. The customer's balance ends at zero."""
    _check_counter(by)
    if payment_method not in PaymentMethod.values:
        raise DomainError(_("Choose how the customer pays."), field="payment_method")
    day = on or timezone.localdate()
    with transaction.atomic():
        customer = customer or walk_in_customer()
        if client_token and (existing := SalesOrder.objects.filter(client_token=client_token).first()):
            paid = existing.payments.first().amount if existing.payments.exists() else ZERO
            return RetailSaleResult(existing, paid, ZERO)
        order = sales_order_create(
            customer=customer,
            warehouse=warehouse,
            order_date=day,
            lines=lines,
            by=by,
            price_type=PriceType.RETAIL,
            client_token=client_token,
            is_retail=True,
            payment_method=payment_method,
        )
        if paid_amount is None or paid_amount < order.total:
            raise DomainError(
                _("The customer pays %(paid)s but the sale comes to %(total)s.")
                % {"paid": paid_amount or ZERO, "total": order.total},
                field="paid_amount",
            )
        order = SalesOrder.objects.select_for_update(of=("self",)).get(pk=order.pk)
        now = timezone.now()
        document_transition(order, order.submit, by=by, check_permission=False)
        document_transition(
            order,
            order.approve,
            by=by,
            check_permission=False,
            comment=_("Retail counter sale"),
            approver=by,
            at=now,
        )
        order_stock_reserve(order)
        delivery = delivery_create(order=order, by=by, date=day, ship=True, check_permission=False)
        order = SalesOrder.objects.select_for_update(of=("self",)).get(pk=order.pk)
        document_transition(order, order.complete, by=by, check_permission=False)
        payment = SalesPayment.objects.create(
            number=document_number_next(prefix=SalesPayment.number_prefix, on=day),
            order=order,
            customer=customer,
            date=day,
            amount=order.total,
            method=payment_method,
            created_by=by,
        )
        ledger_entry_post(
            partner=customer_ref(customer),
            entry_type=EntryType.CUSTOMER_RECEIPT,
            amount=-order.total,
            date=day,
            document=payment,
            by=by,
            note=order.number,
        )
        # The counter payment settles the counter delivery in the partner ledger.
        allocation_auto(
            partner=customer_ref(customer), sources=[payment], documents=[delivery], by=by, date=day
        )
    return RetailSaleResult(order, paid_amount, paid_amount - order.total)


def retail_return_post(
    *,
    order: SalesOrder,
    lines: Sequence[ReturnLineData],
    refund_method: str,
    by,
    reason: str = "",
    on: date_type | None = None,
) -> RetailReturn:
    """Take goods of a counter sale back into the location they left, at the cost they left at, and
    pay the refund; the customer's balance stays at zero."""
    _check_counter(by)
    if not order.is_retail or order.status != SalesOrderStatus.COMPLETED:
        raise ReturnRefusedError(_("%(number)s is not a completed counter sale.") % {"number": order.number})
    if refund_method not in PaymentMethod.values:
        raise DomainError(_("Choose how the refund is paid."), field="refund_method")
    lines = [line for line in lines if line.quantity]
    if not lines:
        raise ReturnRefusedError(_("Enter the quantity that comes back."))
    day = on or timezone.localdate()
    with transaction.atomic():
        order = SalesOrder.objects.select_for_update(of=("self",)).select_related("customer").get(pk=order.pk)
        delivery_lines = {
            line.pk: line
            for line in DeliveryLine.objects.select_for_update(of=("self",))
            .filter(pk__in=[line.delivery_line_id for line in lines], delivery__order=order)
            .select_related("product", "product__unit")
            .order_by("pk")
        }
        document = RetailReturn.objects.create(
            number=document_number_next(prefix=RetailReturn.number_prefix, on=day),
            order=order,
            customer=order.customer,
            date=day,
            reason=reason,
            refund_method=refund_method,
            created_by=by,
        )
        return_lines = []
        for data in lines:
            shipped = delivery_lines.get(data.delivery_line_id)
            if shipped is None:
                raise ReturnRefusedError(
                    _("A returned line was not sold on %(number)s.") % {"number": order.number}
                )
            check_quantity(shipped.product, data.quantity)
            left = shipped.quantity - shipped.returned_quantity
            if data.quantity > left:
                raise ReturnRefusedError(
                    _("%(product)s: %(left)s can still come back, not %(quantity)s.")
                    % {
                        "product": shipped.product,
                        "left": quantity_text(left),
                        "quantity": quantity_text(data.quantity),
                    }
                )
            returned = list(shipped.return_lines.all())
            only_counter = sum((r.quantity for r in returned), ZERO) == shipped.returned_quantity
            if data.quantity == left and only_counter:  # the rest: exactly what is left of amount and cost
                amount = shipped.amount - sum((r.amount for r in returned), ZERO)
                cost = shipped.cost_amount - sum((r.cost_amount for r in returned), ZERO)
            else:  # (a customer return through the returns app also counts in returned_quantity)
                amount = (shipped.amount * data.quantity / shipped.quantity).quantize(CENT, ROUND_HALF_UP)
                cost = (shipped.unit_cost * data.quantity).quantize(CENT, ROUND_HALF_UP)
            shipped.returned_quantity += data.quantity
            shipped.returned_amount += amount
            shipped.returned_cost += cost
            shipped.save(update_fields=["returned_quantity", "returned_amount", "returned_cost"])
            return_lines.append(
                RetailReturnLine(
                    document=document,
                    delivery_line=shipped,
                    product=shipped.product,
                    location_id=shipped.location_id,
                    lot_id=shipped.lot_id,
                    quantity=data.quantity,
                    amount=amount,
                    unit_cost=shipped.unit_cost,
                    cost_amount=cost,
                )
            )
        return_lines = RetailReturnLine.objects.bulk_create(return_lines)
        stock_moves_post(
            moves=[
                MoveSpec(
                    product_id=line.product_id,
                    location_id=line.location_id,
                    lot_id=line.lot_id,
                    quantity=line.quantity,
                    unit_cost=line.unit_cost,
                    move_type=MoveType.CUSTOMER_RETURN,
                    document_line_id=line.pk,
                )
                for line in return_lines
            ],
            document=document,
            by=by,
        )
        document.total = sum((line.amount for line in return_lines), ZERO)
        document.cost_total = sum((line.cost_amount for line in return_lines), ZERO)
        document.save(update_fields=["total", "cost_total"])
        delivery_returns_total(line.delivery_line.delivery_id for line in return_lines)
        if document.total > 0:
            partner = customer_ref(order.customer)
            ledger_entry_post(
                partner=partner,
                entry_type=EntryType.SALES_RETURN,
                amount=-document.total,
                date=day,
                document=document,
                by=by,
                note=order.number,
            )
            ledger_entry_post(
                partner=partner,
                entry_type=EntryType.CUSTOMER_REFUND,
                amount=document.total,
                date=day,
                document=document,
                by=by,
                note=order.number,
            )
    return document
