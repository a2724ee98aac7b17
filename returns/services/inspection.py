"""Receipt and inspection of returned goods, and the disposition of every line.

Receiving records the return shipment and what arrived. Inspecting records what is accepted, its grade
and any deduction, and in the same transaction posts the stock (restock at the cost the goods were
shipped at; scrap in and out at that cost so the loss is on record; return to supplier onto a draft
purchase return to the supplier the goods came from), the customer's credit and the refund to approve.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.bulk import rows_read, rows_update
from common.documents import document_check, document_number_next, document_transition
from common.exceptions import DomainError
from common.notifications import notify_permission_holders
from common.notifications.choices import WebhookEvent
from finance.choices import EntryType
from finance.services import ledger_entry_post
from inventory.choices import MoveType
from inventory.models import Location
from inventory.services import MoveSpec, stock_moves_post
from purchasing.services import ReturnLineData, ReturnSource, purchase_return_create
from returns.choices import Condition, Disposition, EventKind, RefundStatus, ReplacementStatus
from returns.models import Refund, ReturnLine, ReturnRequest
from returns.selectors import product_last_supplier
from returns.services.common import (
    CENT,
    ZERO,
    customer_ref,
    customer_tell,
    event_add,
    events_add,
    lock,
    quantity_text,
    webhook_tell,
)
from sales.models import DeliveryLine
from sales.services import delivery_returns_total


@dataclass(frozen=True)
class ReceiptLineData:
    line_id: int
    received_quantity: Decimal


@dataclass(frozen=True)
class InspectionLineData:
    line_id: int
    accepted_quantity: Decimal
    condition: str = ""
    note: str = ""
    deduction: Decimal = ZERO
    disposition: str = ""
    location: Location | None = None


def _lines_by_id(request: ReturnRequest, ids) -> dict[int, ReturnLine]:
    lines = rows_read(
        ReturnLine, where={"request_id": request.pk}, related=("product", "product__unit"), order_by=("id",)
    )
    lines = {line.pk: line for line in lines}
    for line_id in ids:
        if line_id not in lines:
            raise DomainError(_("A line does not belong to %(number)s.") % {"number": request.number})
    return lines


def return_request_receive(
    *,
    request: ReturnRequest,
    by,
    lines: Sequence[ReceiptLineData],
    carrier: str = "",
    tracking_number: str = "",
) -> ReturnRequest:
    """The return shipment arrived: its tracking number and, per line, what came; differences from the
    request are recorded on the timeline. The customer hears the goods arrived."""
    with transaction.atomic():
        request = lock(request)
        by_id = _lines_by_id(request, [data.line_id for data in lines])
        received = {data.line_id: data.received_quantity for data in lines}
        if not any(quantity and quantity > 0 for quantity in received.values()):
            raise DomainError(_("Enter what arrived: at least one quantity above zero."))
        differences = []
        for line in by_id.values():
            quantity = received.get(line.pk, ZERO) or ZERO
            if quantity < 0:
                raise DomainError(_("A received quantity cannot be negative."))
            if not line.product.unit.is_fractional and quantity != quantity.to_integral_value():
                raise DomainError(
                    _("%(product)s is counted in whole %(unit)s.")
                    % {"product": line.product, "unit": line.product.unit}
                )
            line.received_quantity = quantity
            if quantity != line.quantity:
                differences.append(
                    _("%(product)s: %(received)s received, %(requested)s requested")
                    % {
                        "product": line.product,
                        "received": quantity_text(quantity),
                        "requested": quantity_text(line.quantity),
                    }
                )
        rows_update(by_id.values(), ["received_quantity"])
        request.carrier, request.tracking_number = carrier, tracking_number
        document_transition(request, request.receive, by=by, receiver=by, at=timezone.now())
        text = _("Return shipment %(carrier)s %(tracking)s received.") % {
            "carrier": carrier or "—",
            "tracking": tracking_number or "—",
        }
        if differences:
            text += " " + _("Differences: %(list)s.") % {"list": "; ".join(differences)}
        event_add(request, kind=EventKind.RECEIPT, text=text, by=by)
        customer_tell(request, "return_goods_received")
        webhook_tell(
            request,
            WebhookEvent.RETURN_RECEIVED,
            carrier=carrier,
            tracking_number=tracking_number,
            lines=[
                {"sku": line.product.sku, "quantity": quantity_text(line.received_quantity)}
                for line in by_id.values()
            ],
        )
    return request


def _check_inspection(line: ReturnLine, data: InspectionLineData, warehouse_id: int) -> None:
    accepted = data.accepted_quantity or ZERO
    if accepted < 0 or accepted > line.received_quantity:
        raise DomainError(
            _("%(product)s: accept between 0 and the %(received)s received.")
            % {"product": line.product, "received": quantity_text(line.received_quantity)}
        )
    if not line.product.unit.is_fractional and accepted != accepted.to_integral_value():
        raise DomainError(
            _("%(product)s is counted in whole %(unit)s.")
            % {"product": line.product, "unit": line.product.unit}
        )
    if line.received_quantity > 0 and data.condition not in Condition.values:
        raise DomainError(_("%(product)s: choose the grade of the goods.") % {"product": line.product})
    if (data.deduction or ZERO) < 0:
        raise DomainError(_("A deduction cannot be negative."))
    if accepted > 0:
        if data.disposition not in Disposition.values:
            raise DomainError(
                _("%(product)s: choose what happens to the goods (restock, supplier or scrap).")
                % {"product": line.product}
            )
        if data.location is None or data.location.warehouse_id != warehouse_id or data.location.is_transit:
            raise DomainError(
                _("%(product)s: choose a stock location of the warehouse the goods came back to.")
                % {"product": line.product}
            )
        if line.product.is_lot_tracked and line.lot_id is None:
            raise DomainError(
                _("%(product)s is lot tracked: the request line needs its lot.") % {"product": line.product}
            )


def _supplier_returns(request: ReturnRequest, lines: list[ReturnLine], by, events: list) -> None:
    """Lines dispositioned "return to supplier" go onto one draft purchase return per supplier, each
    purchase return line pointing back at its return line (and the return line at the purchase return);
    each draft is added to ``events``."""
    by_supplier = defaultdict(list)
    for line in lines:
        supplier = product_last_supplier(product_id=line.product_id, lot_id=line.lot_id)
        if supplier is None:
            raise DomainError(
                _("%(product)s: no goods receipt shows where it came from; restock or scrap it instead.")
                % {"product": line.product}
            )
        by_supplier[supplier].append(line)
    for supplier, supplier_lines in sorted(by_supplier.items(), key=lambda item: item[0].pk):
        document = purchase_return_create(
            supplier=supplier,
            warehouse=request.warehouse,
            date=timezone.localdate(),
            reason=_("Customer return %(number)s") % {"number": request.number},
            lines=[
                ReturnLineData(
                    product=line.product,
                    location=line.location,
                    quantity=line.accepted_quantity,
                    lot=line.lot,
                    note=(line.inspection_note or line.get_condition_display())[:200],
                    source=ReturnSource(
                        document_type=ReturnRequest._meta.label_lower,
                        document_id=request.pk,
                        document_number=request.number,
                        line_id=line.pk,
                    ),
                )
                for line in supplier_lines
            ],
            by=by,
        )
        for line in supplier_lines:
            line.purchase_return = document
        rows_update(supplier_lines, ["purchase_return"])
        events.append(
            (
                EventKind.POSTING,
                _("Purchase return %(number)s to %(supplier)s drafted.")
                % {"number": document.number, "supplier": supplier},
            )
        )


def refund_amount_due(request: ReturnRequest) -> Decimal:
    """The credit, less for an exchange what the replacement costs (a dearer one leaves the customer owing
    the difference, which stays on their account)."""
    if request.is_exchange and request.replacement_status != ReplacementStatus.REFUNDED:
        return max(request.credit - request.replacement_total, ZERO)
    return request.credit


def refund_prepare(
    request: ReturnRequest, by, *, first: bool = False, events: list | None = None
) -> Refund | None:
    """Create (or, while pending, correct) the refund the accountant approves. ``first``: the request has
    had no refund yet (it is being inspected, which happens once), so there is none to look for.
    ``events``: where the caller collects the timeline events it writes at once (else written here)."""
    amount = refund_amount_due(request)
    refund = None if first else Refund.objects.select_for_update().filter(request=request).first()
    if refund is not None:
        if refund.status == "pending" and refund.amount != amount and amount > 0:
            refund.amount = amount
            refund.save(update_fields=["amount"])
        return refund
    if amount <= 0:
        return None
    refund = Refund.objects.create(
        number=document_number_next(prefix=Refund.number_prefix),
        request=request,
        customer=request.customer,
        amount=amount,
        created_by=by,
    )
    event = (
        EventKind.REFUND,
        _("Refund %(number)s of %(amount)s waits for the accountant.")
        % {"number": refund.number, "amount": amount},
    )
    if events is None:
        event_add(request, kind=event[0], text=event[1], by=by)
    else:
        events.append(event)
    notify_permission_holders(
        permission="returns.approve_refund",
        kind="refund_waiting",
        subject=_("Refund %(number)s of %(amount)s for %(request)s waits for approval")
        % {"number": refund.number, "amount": amount, "request": request.number},
        body=str(request.customer),
        url=request.get_absolute_url(),
        exclude_user=by,
    )
    return refund


def return_request_inspect(
    *, request: ReturnRequest, by, lines: Sequence[InspectionLineData]
) -> ReturnRequest:
    """Record the inspection and carry out each line's disposition, in one transaction: stock moves,
    the customer's credit (accepted quantity at the charged price, less the restocking fee and the
    deduction), purchase returns to suppliers, and the refund to approve."""
    with transaction.atomic():
        request = lock(request)
        data_by_id = {data.line_id: data for data in lines}
        by_id = _lines_by_id(request, data_by_id)
        document_check(request, request.inspect, by=by)  # refused before any work; it runs with the credit
        # The delivery lines the goods came from, locked in key order, take the accepted quantity.
        delivery_lines = {
            dl.pk: dl
            for dl in rows_read(
                DeliveryLine,
                where={"pk": [line.delivery_line_id for line in by_id.values() if line.delivery_line_id]},
                order_by=("pk",),
                lock=True,
            )
        }
        moves, to_supplier, notes = [], [], []
        for line in by_id.values():
            data = data_by_id.get(line.pk) or InspectionLineData(line.pk, ZERO)
            _check_inspection(line, data, request.warehouse_id)
            line.accepted_quantity = data.accepted_quantity or ZERO
            line.condition = data.condition if line.received_quantity > 0 else ""
            line.inspection_note = (data.note or "")[:300]
            line.deduction = (data.deduction or ZERO).quantize(CENT, ROUND_HALF_UP)
            accepted = line.accepted_quantity
            line.refund_amount = line.gross_for(accepted) - line.fee_for(accepted) - line.deduction
            if line.refund_amount < 0:
                raise DomainError(
                    _("%(product)s: the deduction is more than the %(amount)s the accepted goods are worth.")
                    % {"product": line.product, "amount": line.gross_for(accepted) - line.fee_for(accepted)}
                )
            line.disposition = data.disposition if accepted > 0 else ""
            line.location = data.location if accepted > 0 else None
            line.loss_amount = ZERO
            notes.append(
                _("%(product)s: %(accepted)s of %(received)s accepted (%(grade)s)%(note)s")
                % {
                    "product": line.product,
                    "accepted": quantity_text(accepted),
                    "received": quantity_text(line.received_quantity),
                    "grade": line.get_condition_display() or "—",
                    "note": f", {line.inspection_note}" if line.inspection_note else "",
                }
                + (_(", deduction %(amount)s") % {"amount": line.deduction} if line.deduction else "")
            )
            if accepted == 0:
                continue
            if line.delivery_line_id:
                # The sale it undoes is netted on its own row, so sales reports sum one column.
                shipped = delivery_lines[line.delivery_line_id]
                shipped.returned_quantity += accepted
                shipped.returned_amount += line.refund_amount
                shipped.returned_cost += (accepted * line.unit_cost).quantize(CENT, ROUND_HALF_UP)
            moves.append(
                MoveSpec(
                    product_id=line.product_id,
                    location_id=line.location_id,
                    lot_id=line.lot_id,
                    quantity=accepted,
                    unit_cost=line.unit_cost,
                    move_type=MoveType.CUSTOMER_RETURN,
                    document_line_id=line.pk,
                    note=line.get_disposition_display(),
                )
            )
            if line.disposition == Disposition.SCRAP:
                moves.append(
                    MoveSpec(
                        product_id=line.product_id,
                        location_id=line.location_id,
                        lot_id=line.lot_id,
                        quantity=-accepted,
                        unit_cost=line.unit_cost,
                        move_type=MoveType.SCRAP,
                        document_line_id=line.pk,
                        note=_("Scrapped customer return"),
                    )
                )
                line.loss_amount = (accepted * line.unit_cost).quantize(CENT, ROUND_HALF_UP)
            elif line.disposition == Disposition.SUPPLIER:
                to_supplier.append(line)
        request.credit = sum((line.refund_amount for line in by_id.values()), ZERO)
        document_transition(request, request.inspect, by=by, inspector=by, at=timezone.now())
        rows_update(delivery_lines.values(), ["returned_quantity", "returned_amount", "returned_cost"])
        delivery_returns_total(line.delivery_id for line in delivery_lines.values())
        rows_update(
            by_id.values(),
            [
                "accepted_quantity",
                "condition",
                "inspection_note",
                "deduction",
                "refund_amount",
                "disposition",
                "location",
                "loss_amount",
            ],
        )
        events = [(EventKind.INSPECTION, "; ".join(notes))]
        if moves:
            posted = stock_moves_post(moves=moves, document=request, by=by)
            events.append(
                (
                    EventKind.POSTING,
                    "; ".join(
                        _("%(type)s %(quantity)s × %(sku)s at %(cost)s")
                        % {
                            "type": move.get_move_type_display(),
                            "quantity": quantity_text(move.quantity),
                            "sku": by_id[move.document_line_id].product.sku,
                            "cost": move.unit_cost,
                        }
                        for move in posted
                    ),
                )
            )
        if to_supplier:
            _supplier_returns(request, to_supplier, by, events)
        if request.credit > 0:
            ledger_entry_post(
                partner=customer_ref(request.customer),
                entry_type=EntryType.SALES_RETURN,
                amount=-request.credit,
                date=timezone.localdate(),
                document=request,
                by=by,
                note=request.order.number if request.order_id else "",
            )
        refund = refund_prepare(request, by, first=True, events=events)
        events_add(request, events, by=by)  # in the order they happened, in one statement
        if refund is None or refund.status == RefundStatus.PAID:  # a refund still to pay keeps it open
            request_complete_if_done(request, by)
    return request


def request_complete_if_done(request: ReturnRequest, by) -> bool:
    """Inspected, refund paid (or none due), replacement shipped (or turned into the refund): completed."""
    if request.status != "inspected":
        return False
    refund = Refund.objects.filter(request=request).first()
    if refund is not None and refund.status != "paid":
        return False
    if request.is_exchange and request.replacement_status not in (
        ReplacementStatus.SHIPPED,
        ReplacementStatus.REFUNDED,
    ):
        return False
    document_transition(request, request.complete, by=by, check_permission=False)
    return True
