"""Goods receipt (进货入库): stock, moving-average cost and the supplier payable in one transaction."""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date as date_type
from decimal import Decimal
from uuid import UUID

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django_fsm import can_proceed, has_transition_perm

from common.bulk import rows_update
from common.documents import document_number_next, document_transition
from common.exceptions import DocumentStateError, DomainError
from finance.choices import EntryType
from finance.services import ledger_entry_post
from inventory.choices import MoveType
from inventory.models import Location
from inventory.services import MoveSpec, lot_get_or_create, stock_moves_post
from purchasing.exceptions import ReceiptRefusedError
from purchasing.models import GoodsReceipt, GoodsReceiptLine, PurchaseOrder, PurchaseOrderLine, line_amount
from purchasing.services.common import check_quantity, quantity_text, supplier_ref

ZERO = Decimal("0")
QUANTITY_PLACES = Decimal("0.001")


@dataclass(frozen=True)
class ReceiptLineData:
    order_line_id: int
    location: Location
    arrived_quantity: Decimal
    accepted_quantity: Decimal
    rejected_quantity: Decimal = ZERO
    quality_note: str = ""
    lot_number: str = ""
    expiry_date: date_type | None = None


def receipt_limit(line: PurchaseOrderLine) -> Decimal:
    """The most that may be accepted against an order line: ordered plus the tolerance."""
    tolerance = Decimal(settings.PURCHASE_RECEIPT_TOLERANCE)
    return (line.quantity * (1 + tolerance / 100)).quantize(QUANTITY_PLACES)


def _check_line(data: ReceiptLineData, line: PurchaseOrderLine, order: PurchaseOrder) -> None:
    product = line.product
    for quantity in (data.arrived_quantity, data.accepted_quantity, data.rejected_quantity):
        check_quantity(product, quantity, allow_zero=True)
    if data.arrived_quantity <= 0:
        raise ReceiptRefusedError(_("%(product)s: enter the quantity that arrived.") % {"product": product})
    if data.accepted_quantity + data.rejected_quantity != data.arrived_quantity:
        raise ReceiptRefusedError(
            _(
                "%(product)s: accepted %(accepted)s plus rejected %(rejected)s must equal the "
                "%(arrived)s that arrived."
            )
            % {
                "product": product,
                "accepted": quantity_text(data.accepted_quantity),
                "rejected": quantity_text(data.rejected_quantity),
                "arrived": quantity_text(data.arrived_quantity),
            }
        )
    if data.rejected_quantity > 0 and not data.quality_note.strip():
        raise ReceiptRefusedError(
            _("%(product)s: say in the quality note why goods were rejected.") % {"product": product}
        )
    if data.location.warehouse_id != order.warehouse_id or not data.location.is_active:
        raise ReceiptRefusedError(
            _("%(product)s: location %(location)s is not an active location of %(warehouse)s.")
            % {"product": product, "location": data.location, "warehouse": order.warehouse}
        )
    if product.is_lot_tracked and data.accepted_quantity > 0 and not data.lot_number.strip():
        raise ReceiptRefusedError(
            _("%(product)s is lot tracked: enter its lot number.") % {"product": product}
        )


def _check_limits(lines: dict[int, PurchaseOrderLine], accepted_now: dict[int, Decimal]) -> None:
    tolerance = Decimal(settings.PURCHASE_RECEIPT_TOLERANCE)
    for line_id, accepted in accepted_now.items():
        line = lines[line_id]
        limit = receipt_limit(line)
        if line.accepted_quantity + accepted > limit:
            raise ReceiptRefusedError(
                _(
                    "Receipt refused: %(product)s was ordered %(ordered)s, %(received)s are already "
                    "received and this receipt adds %(now)s; at most %(limit)s may be received "
                    "(tolerance %(tolerance)s%%)."
                )
                % {
                    "product": line.product,
                    "ordered": quantity_text(line.quantity),
                    "received": quantity_text(line.accepted_quantity),
                    "now": quantity_text(accepted),
                    "limit": quantity_text(limit),
                    "tolerance": quantity_text(tolerance),
                }
            )


def goods_receipt_post(
    *,
    order: PurchaseOrder,
    lines: Sequence[ReceiptLineData],
    date: date_type,
    by,
    note: str = "",
    client_token: UUID | None = None,
) -> GoodsReceipt:
    """Receive goods against an approved order.

    Locks the order, then its lines in primary-key order, and checks every line against what the locked
    rows say was already received, so two receipts of the same line at the same moment can never together
    exceed the order plus the tolerance. Accepted quantities go into stock at the line's price (which
    moves the moving-average cost); their value becomes the supplier payable. Rejected quantities are
    recorded with their quality note but move no stock and no money.
    """
    if client_token and (existing := GoodsReceipt.objects.filter(client_token=client_token).first()):
        return existing
    lines = [
        line for line in lines if line.arrived_quantity or line.accepted_quantity or line.rejected_quantity
    ]
    if not lines:
        raise ReceiptRefusedError(_("Enter what arrived on at least one line."))
    try:
        with transaction.atomic():
            order = (
                PurchaseOrder.objects.select_for_update(of=("self",))
                .select_related("supplier", "warehouse")
                .get(pk=order.pk)
            )
            if client_token and (existing := GoodsReceipt.objects.filter(client_token=client_token).first()):
                return existing  # the same form was posted twice and the first one has just committed
            if not can_proceed(order.receive):
                raise DocumentStateError(
                    _("%(number)s is %(status)s: goods can be received only against an approved order.")
                    % {"number": order.number, "status": order.get_status_display()}
                )
            if not has_transition_perm(order.receive, by):
                raise DomainError(_("You are not allowed to receive goods."))
            order_lines = {
                line.pk: line
                for line in PurchaseOrderLine.objects.select_for_update(of=("self",))
                .filter(order=order)
                .select_related("product__unit")
                .order_by("pk")
            }
            accepted_now: dict[int, Decimal] = defaultdict(lambda: ZERO)
            for data in lines:
                line = order_lines.get(data.order_line_id)
                if line is None:
                    raise ReceiptRefusedError(_("A line does not belong to %(number)s.") % {"number": order})
                _check_line(data, line, order)
                accepted_now[line.pk] += data.accepted_quantity
            _check_limits(order_lines, accepted_now)
            receipt = _receipt_write(
                order=order,
                lines=lines,
                order_lines=order_lines,
                date=date,
                note=note,
                client_token=client_token,
                by=by,
            )
            complete = all(line.accepted_quantity >= line.quantity for line in order_lines.values())
            document_transition(order, order.receive, by=by, comment=receipt.number, complete=complete)
    except IntegrityError:
        if client_token and (existing := GoodsReceipt.objects.filter(client_token=client_token).first()):
            return existing
        raise
    return receipt


def _receipt_write(*, order, lines, order_lines, date, note, client_token, by) -> GoodsReceipt:
    receipt = GoodsReceipt.objects.create(
        number=document_number_next(prefix=GoodsReceipt.number_prefix),
        order=order,
        supplier=order.supplier,
        warehouse=order.warehouse,
        date=date,
        note=note,
        total=sum(
            (line_amount(d.accepted_quantity, order_lines[d.order_line_id].unit_price) for d in lines), ZERO
        ),
        client_token=client_token,
        created_by=by,
    )
    receipt_lines = []
    for data in lines:
        order_line = order_lines[data.order_line_id]
        product = order_line.product
        lot = None
        if product.is_lot_tracked and data.accepted_quantity > 0:
            lot = lot_get_or_create(
                product=product, number=data.lot_number.strip(), expiry_date=data.expiry_date
            )
        receipt_lines.append(
            GoodsReceiptLine(
                receipt=receipt,
                order_line=order_line,
                product=product,
                location=data.location,
                lot=lot,
                arrived_quantity=data.arrived_quantity,
                accepted_quantity=data.accepted_quantity,
                rejected_quantity=data.rejected_quantity,
                quality_note=data.quality_note.strip(),
                unit_price=order_line.unit_price,
                amount=line_amount(data.accepted_quantity, order_line.unit_price),
            )
        )
        # The order line is locked: its totals change on the row we hold.
        order_line.received_quantity += data.arrived_quantity
        order_line.accepted_quantity += data.accepted_quantity
        order_line.rejected_quantity += data.rejected_quantity
    # Lines and order totals in one statement each (no audit row per line: the receipt, its lines and the
    # stock moves are the record).
    GoodsReceiptLine.objects.bulk_create(receipt_lines)
    rows_update(
        {order_lines[data.order_line_id] for data in lines},
        ["received_quantity", "accepted_quantity", "rejected_quantity"],
    )
    stock_moves_post(
        moves=[
            MoveSpec(
                product_id=line.product_id,
                location_id=line.location_id,
                lot_id=line.lot_id,
                quantity=line.accepted_quantity,
                unit_cost=line.unit_price,
                move_type=MoveType.RECEIPT,
                document_line_id=line.pk,
                note=order.number,
            )
            for line in receipt_lines
            if line.accepted_quantity > 0
        ],
        document=receipt,
        by=by,
    )
    if receipt.total:
        ledger_entry_post(
            partner=supplier_ref(order.supplier),
            entry_type=EntryType.PURCHASE,
            amount=receipt.total,
            date=date,
            document=receipt,
            by=by,
            note=order.number,
        )
    return receipt
