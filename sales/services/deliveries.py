"""出库单: a delivery is drafted from an approved order (picking what the order reserved) and shipped:
stock out at the current average cost, the receivable, the order's progress, in one transaction."""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date as date_type
from decimal import ROUND_HALF_UP, Decimal
from functools import partial

from django.db import connection, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from common.bulk import row_lock, rows_insert, rows_read, rows_update
from common.choices import PaymentTerms
from common.documents import document_number_next, document_transition
from common.exceptions import DocumentStateError, DomainError
from common.notifications import webhook_event_emit
from common.notifications.choices import WebhookEvent
from finance.choices import EntryType
from finance.services import ledger_entry_post
from inventory.choices import MoveType
from inventory.models import Location, Lot, StockReservation
from inventory.services import (
    MoveSpec,
    ReserveSpec,
    stock_balances_lock_warehouse,
    stock_moves_post,
    stock_release,
    stock_reserve_lines,
)
from sales.choices import SHIPPABLE_ORDER_STATUSES, DeliveryStatus
from sales.exceptions import ShipmentRefusedError
from sales.models import Delivery, DeliveryLine, SalesOrder, SalesOrderLine
from sales.services.common import check_quantity, customer_ref, quantity_text

ZERO = Decimal("0")
CENT = Decimal("0.01")
TERMS_DAYS = {
    PaymentTerms.CASH: 0,
    PaymentTerms.NET_15: 15,
    PaymentTerms.NET_30: 30,
    PaymentTerms.NET_60: 60,
    PaymentTerms.MONTHLY: 30,
}


@dataclass(frozen=True)
class DeliveryLineData:
    order_line_id: int
    location: Location
    quantity: Decimal
    lot: Lot | None = None


def due_date_for(customer, shipped_on: date_type) -> date_type:
    return shipped_on + datetime.timedelta(days=TERMS_DAYS.get(customer.payment_terms, 0))


def _reservations(order: SalesOrder) -> list[StockReservation]:
    """What the order holds, in the order a picker takes it."""
    return rows_read(
        StockReservation,
        where={"document_type": order._meta.label_lower, "document_id": order.pk},
        related=("location", "lot"),
        order_by=("document_line_id", "lot__expiry_date", "location__code", "id"),
    )


def picks_from_reservations(
    order: SalesOrder,
    order_lines: dict[int, SalesOrderLine] | None = None,
    reservations: list[StockReservation] | None = None,
) -> list[DeliveryLineData]:
    """The open quantity of every line, from the locations and lots its reservation holds."""
    if reservations is None:
        reservations = _reservations(order)
    if order_lines is None:
        order_lines = _order_lines(order)
    open_lines = {line.pk: line.open_quantity for line in order_lines.values()}
    picks = []
    for reservation in reservations:
        left = open_lines.get(reservation.document_line_id, ZERO)
        take = min(left, reservation.quantity)
        if take > 0:
            picks.append(
                DeliveryLineData(reservation.document_line_id, reservation.location, take, reservation.lot)
            )
            open_lines[reservation.document_line_id] = left - take
    return picks


def _order_lines(order: SalesOrder) -> dict[int, SalesOrderLine]:
    lines = rows_read(
        SalesOrderLine, where={"order_id": order.pk}, related=("product", "product__unit"), order_by=("id",)
    )
    return {line.pk: line for line in lines}


def _check_lines(
    order: SalesOrder, lines: Sequence[DeliveryLineData], order_lines: dict[int, SalesOrderLine] | None = None
) -> dict[int, SalesOrderLine]:
    if not lines:
        raise DomainError(_("Nothing to deliver: enter at least one quantity."))
    if order_lines is None:
        order_lines = _order_lines(order)
    totals: dict[int, Decimal] = defaultdict(Decimal)
    for data in lines:
        line = order_lines.get(data.order_line_id)
        if line is None:
            raise DomainError(_("A delivery line does not belong to %(number)s.") % {"number": order.number})
        check_quantity(line.product, data.quantity)
        if data.location.warehouse_id != order.warehouse_id or data.location.is_transit:
            raise DomainError(
                _("%(product)s: location %(location)s is not a stock location of %(warehouse)s.")
                % {"product": line.product, "location": data.location, "warehouse": order.warehouse}
            )
        if line.product.is_lot_tracked and data.lot is None:
            raise DomainError(_("%(product)s is lot tracked: choose its lot.") % {"product": line.product})
        if data.lot is not None and data.lot.product_id != line.product_id:
            raise DomainError(
                _("%(product)s: lot %(lot)s belongs to another product.")
                % {"product": line.product, "lot": data.lot.number}
            )
        totals[line.pk] += data.quantity
    for line_id, quantity in totals.items():
        line = order_lines[line_id]
        if quantity > line.open_quantity:
            raise ShipmentRefusedError(
                _(
                    "%(product)s: only %(open)s of %(ordered)s remain to be shipped on %(number)s; "
                    "this delivery ships %(quantity)s."
                )
                % {
                    "product": line.product,
                    "open": quantity_text(line.open_quantity),
                    "ordered": quantity_text(line.quantity),
                    "number": order.number,
                    "quantity": quantity_text(quantity),
                }
            )
    return order_lines


def _lines_write(delivery: Delivery, lines: Sequence[DeliveryLineData], order_lines) -> list[DeliveryLine]:
    return rows_insert(
        [
            DeliveryLine(
                delivery=delivery,
                order_line_id=data.order_line_id,
                product_id=order_lines[data.order_line_id].product_id,
                location=data.location,
                lot=data.lot,
                quantity=data.quantity,
                amount=order_lines[data.order_line_id].amount_for(data.quantity),
            )
            for data in lines
        ]
    )


def _lines_total(lines: Sequence[DeliveryLineData], order_lines) -> Decimal:
    return sum((order_lines[d.order_line_id].amount_for(d.quantity) for d in lines), ZERO)


def _lock_order(order_id: int) -> SalesOrder:
    return row_lock(SalesOrder, order_id, related=("customer", "warehouse"))


def _check_shippable(order: SalesOrder) -> None:
    if order.status not in SHIPPABLE_ORDER_STATUSES:
        raise DocumentStateError(
            _("%(number)s is %(status)s: only an approved order can be delivered.")
            % {"number": order.number, "status": order.get_status_display()}
        )


def delivery_create(
    *,
    order: SalesOrder,
    by,
    date: date_type,
    lines: Sequence[DeliveryLineData] | None = None,
    carrier: str = "",
    tracking_number: str = "",
    note: str = "",
    ship: bool = False,
    check_permission: bool = True,
) -> Delivery:
    """Draft a delivery; without ``lines`` it takes every open quantity from the reserved locations.

    With ``ship`` it is shipped in the same transaction (as ``delivery_ship`` would), from what this
    function has just locked and written: no draft is left if the shipment is refused."""
    with transaction.atomic():
        order = _lock_order(order.pk)
        _check_shippable(order)
        order_lines = _order_lines(order)
        reservations = None
        if lines is None:
            reservations = _reservations(order)  # read under the order's lock, so shipping reuses them
            lines = picks_from_reservations(order, order_lines, reservations)
        _check_lines(order, lines, order_lines)
        delivery = Delivery.objects.create(
            number=document_number_next(prefix=Delivery.number_prefix, on=date),
            order=order,
            customer=order.customer,
            warehouse_id=order.warehouse_id,
            date=date,
            carrier=carrier,
            tracking_number=tracking_number,
            note=note,
            total=_lines_total(lines, order_lines),
            created_by=by,
        )
        written = _lines_write(delivery, lines, order_lines)
        if ship:
            _ship(
                delivery,
                order,
                order_lines,
                written,
                by=by,
                check_permission=check_permission,
                reservations=reservations,
            )
    return delivery


def _charged(order_line_ids: list[int]) -> dict[int, Decimal]:
    """What the shipped deliveries have charged of these order lines so far."""
    if not order_line_ids:
        return {}  # a line never shipped before has been charged nothing: no need to ask
    rows = (
        DeliveryLine.objects.filter(order_line_id__in=order_line_ids, delivery__status=DeliveryStatus.SHIPPED)
        .values_list("order_line_id")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    return dict(rows)


def _lock_delivery(delivery) -> Delivery:
    return Delivery.objects.select_for_update(of=("self",)).get(pk=delivery.pk)


def delivery_update(
    *,
    delivery: Delivery,
    by,
    date: date_type,
    lines: Sequence[DeliveryLineData],
    carrier: str = "",
    tracking_number: str = "",
    note: str = "",
) -> Delivery:
    with transaction.atomic():
        delivery = _lock_delivery(delivery)
        if delivery.status != DeliveryStatus.DRAFT:
            raise DocumentStateError(
                _("%(number)s is %(status)s: only a draft can be changed.")
                % {"number": delivery.number, "status": delivery.get_status_display()}
            )
        order = _lock_order(delivery.order_id)
        order_lines = _check_lines(order, lines)
        delivery.date, delivery.carrier, delivery.tracking_number, delivery.note = (
            date,
            carrier,
            tracking_number,
            note,
        )
        delivery.total = _lines_total(lines, order_lines)
        delivery.save(update_fields=["date", "carrier", "tracking_number", "note", "total"])
        delivery.lines.all().delete()
        _lines_write(delivery, lines, order_lines)
    return delivery


def delivery_returns_total(delivery_ids: Iterable[int]) -> None:
    """Sum again, from their lines, what counter and customer returns took back of these deliveries.

    Recounted rather than added to, so a delivery's figures are its lines' figures whatever came before.
    One plain statement: the same UPDATE with three ORM subqueries took longer to build than to run."""
    ids = sorted(set(delivery_ids))
    if not ids:
        return
    deliveries, lines = Delivery._meta.db_table, DeliveryLine._meta.db_table
    total = f"(SELECT COALESCE(SUM(l.{{0}}), 0) FROM {lines} l WHERE l.delivery_id = {deliveries}.id)"
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {deliveries} SET "
            f"returned_quantity = {total.format('returned_quantity')}, "
            f"returned_total = {total.format('returned_amount')}, "
            f"returned_cost_total = {total.format('returned_cost')} "
            f"WHERE id IN ({', '.join(['%s'] * len(ids))})",
            ids,
        )


def tracking_clean(carrier: str, tracking_number: str) -> tuple[str, str]:
    carrier, tracking_number = (carrier or "").strip(), (tracking_number or "").strip()
    if not tracking_number:
        raise DomainError(_("Enter the tracking number."), field="tracking_number")
    return carrier, tracking_number


def delivery_tracking_post(*, delivery: Delivery, tracking_number: str, by, carrier: str = "") -> Delivery:
    """A carrier's tracking number for a delivery not cancelled (posted back by the carrier's system)."""
    carrier, tracking_number = tracking_clean(carrier, tracking_number)
    with transaction.atomic():
        delivery = _lock_delivery(delivery)
        if delivery.status == DeliveryStatus.CANCELLED:
            raise DocumentStateError(
                _("%(number)s is %(status)s: this action is not possible now.")
                % {"number": delivery.number, "status": delivery.get_status_display()}
            )
        delivery.carrier, delivery.tracking_number = carrier or delivery.carrier, tracking_number
        delivery.save(update_fields=["carrier", "tracking_number"])
    return delivery


def delivery_cancel(*, delivery: Delivery, by, comment: str = "") -> Delivery:
    with transaction.atomic():
        delivery = _lock_delivery(delivery)
        document_transition(delivery, delivery.cancel, by=by, comment=comment)
    return delivery


def delivery_ship(
    *,
    delivery: Delivery,
    by,
    carrier: str | None = None,
    tracking_number: str | None = None,
    check_permission: bool = True,
) -> Delivery:
    """Ship a draft delivery in one transaction.

    The order is locked first (two deliveries of one order queue there), then every stock row of the
    delivered products in the warehouse, in the fixed order. The order's reservation of each delivered
    line is released, the goods leave at the current average cost (recorded on the delivery line for the
    margin), what the order still has open is reserved again, and the receivable is entered.
    """
    with transaction.atomic():
        delivery = _lock_delivery(delivery)
        if delivery.status != DeliveryStatus.DRAFT:
            raise DocumentStateError(
                _("%(number)s is %(status)s: this action is not possible now.")
                % {"number": delivery.number, "status": delivery.get_status_display()}
            )
        order = _lock_order(delivery.order_id)
        lines = list(delivery.lines.select_related("location", "lot"))
        data = [
            DeliveryLineData(line.order_line_id, line.location, line.quantity, line.lot) for line in lines
        ]
        # Quantities first: a delivery of what another delivery has just shipped says so, even when that
        # other delivery shipped the order to the end.
        order_lines = _check_lines(order, data)
        _check_shippable(order)
        if carrier is not None:
            delivery.carrier = carrier
        if tracking_number is not None:
            delivery.tracking_number = tracking_number
        _ship(delivery, order, order_lines, lines, by=by, check_permission=check_permission)
    return delivery


def _ship(
    delivery: Delivery,
    order: SalesOrder,
    order_lines: dict,
    lines: list[DeliveryLine],
    *,
    by,
    check_permission,
    reservations: list[StockReservation] | None = None,
):
    """Ship a checked draft whose order and lines (and, when given, reservations) the caller has locked
    and read."""
    # Every row this shipment may touch (releasing, moving, reserving again), in the fixed order.
    balances = stock_balances_lock_warehouse(
        warehouse_id=order.warehouse_id,
        product_ids={line.product_id for line in lines},
        keys={(line.product_id, line.location_id, line.lot_id) for line in lines},
    )
    shipped: dict[int, Decimal] = defaultdict(Decimal)
    for line in lines:
        shipped[line.order_line_id] += line.quantity
    stock_release(document=order, line_ids=list(shipped), balances=balances, reservations=reservations)
    moves = stock_moves_post(
        moves=[
            MoveSpec(
                product_id=line.product_id,
                location_id=line.location_id,
                lot_id=line.lot_id,
                quantity=-line.quantity,
                move_type=MoveType.SHIPMENT,
                document_line_id=line.pk,
            )
            for line in lines
        ],
        document=delivery,
        by=by,
        balances=balances,
    )
    by_line = {move.document_line_id: move for move in moves}
    for line in lines:
        move = by_line[line.pk]
        line.unit_cost = move.unit_cost
        line.cost_amount = (-move.value).quantize(CENT, ROUND_HALF_UP)
    # A line shipped to the end is charged exactly its amount, whatever the rounding of earlier parts.
    to_the_end = [i for i, quantity in shipped.items() if quantity == order_lines[i].open_quantity]
    charged = _charged([i for i in to_the_end if order_lines[i].shipped_quantity > 0])
    for line_id in to_the_end:
        rest = order_lines[line_id].amount - charged.get(line_id, ZERO)
        parts = [line for line in lines if line.order_line_id == line_id]
        for part in parts[:-1]:
            rest -= part.amount
        parts[-1].amount = rest
    rows_update(lines, ["unit_cost", "cost_amount", "amount"])
    for line_id, quantity in shipped.items():
        order_lines[line_id].shipped_quantity += quantity
    # One write for all order lines (no audit row each): the delivery lines and moves record the shipment.
    rows_update([order_lines[i] for i in shipped], ["shipped_quantity"])
    stock_reserve_lines(
        warehouse=order.warehouse,
        document=order,
        lines=[ReserveSpec(order_lines[i].product, order_lines[i].open_quantity, i) for i in shipped],
        balances=balances,
    )
    delivery.total = sum((line.amount for line in lines), ZERO)
    delivery.cost_total = sum((line.cost_amount for line in lines), ZERO)
    delivery.quantity_total = sum((line.quantity for line in lines), ZERO)
    now = timezone.now()
    document_transition(delivery, delivery.ship, by=by, check_permission=check_permission, shipper=by, at=now)
    complete = all(line.open_quantity == 0 for line in order_lines.values())
    if order.due_date is None:
        order.due_date = due_date_for(order.customer, delivery.date)
    document_transition(
        order,
        order.ship,
        by=by,
        check_permission=check_permission,
        comment=delivery.number,
        complete=complete,
    )
    if delivery.total > 0:
        ledger_entry_post(
            partner=customer_ref(order.customer),
            entry_type=EntryType.SALE,
            amount=delivery.total,
            date=delivery.date,
            document=delivery,
            by=by,
            note=order.number,
        )
    webhook_event_emit(event=WebhookEvent.DELIVERY_SHIPPED, payload=partial(_webhook_payload, delivery))


def _webhook_payload(delivery: Delivery) -> dict:
    return {
        "number": delivery.number,
        "status": delivery.status,
        "order": delivery.order.number,
        "customer": {"code": delivery.customer.code, "name": delivery.customer.name},
        "carrier": delivery.carrier,
        "tracking_number": delivery.tracking_number,
        "total": str(delivery.total),
        "shipped_at": delivery.shipped_at.isoformat() if delivery.shipped_at else None,
        "lines": [
            {"sku": line.product.sku, "quantity": quantity_text(line.quantity), "amount": str(line.amount)}
            for line in delivery.lines.select_related("product").order_by("pk")
        ],
    }
