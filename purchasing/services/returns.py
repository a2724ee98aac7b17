"""Returns to suppliers (采购退货): draft, submit, approve or reject, ship.

Shipping takes the goods out of stock at the cost they carry (the balance's moving average, or the lot's)
and credits the supplier with that value: the payable goes down, and below zero it is a refund due from
the supplier.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from uuid import UUID

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.bulk import rows_update
from common.documents import document_create_once, document_number_next, document_transition
from common.exceptions import DocumentStateError, DomainError
from finance.choices import EntryType
from finance.services import ledger_entry_post
from inventory.choices import MoveType
from inventory.models import Location, Lot, Product, Warehouse
from inventory.services import MoveSpec, stock_moves_post
from purchasing.choices import PurchaseReturnStatus
from purchasing.models import PurchaseReturn, PurchaseReturnLine
from purchasing.services.common import (
    check_quantity,
    notify_rejected,
    notify_submitted,
    reason_required,
    refuse_own,
    supplier_ref,
)
from suppliers.models import Supplier

CENT = Decimal("0.01")


@dataclass(frozen=True)
class ReturnSource:
    """Where a returned line comes from when it is not plain stock, e.g. a customer return line
    dispositioned "return to supplier" (filled in by the returns app)."""

    document_type: str
    document_id: int
    document_number: str
    line_id: int


@dataclass(frozen=True)
class ReturnLineData:
    product: Product
    location: Location
    quantity: Decimal
    lot: Lot | None = None
    note: str = ""
    source: ReturnSource | None = None


def _check(*, supplier: Supplier, warehouse: Warehouse, reason: str, lines: Sequence[ReturnLineData]) -> str:
    if not supplier.is_active:
        raise DomainError(_("%(supplier)s is inactive.") % {"supplier": supplier}, field="supplier")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Say why the goods go back to the supplier."), field="reason")
    if not lines:
        raise DomainError(_("Add at least one line."))
    for line in lines:
        check_quantity(line.product, line.quantity)
        if line.location.warehouse_id != warehouse.pk:
            raise DomainError(
                _("Location %(location)s is not in %(warehouse)s.")
                % {"location": line.location, "warehouse": warehouse}
            )
        if line.product.is_lot_tracked and line.lot is None:
            raise DomainError(_("%(product)s is lot tracked: choose the lot.") % {"product": line.product})
        if line.lot is not None and line.lot.product_id != line.product.pk:
            raise DomainError(
                _("Lot %(lot)s is not a lot of %(product)s.") % {"lot": line.lot, "product": line.product}
            )
    return reason


def _lines_write(document: PurchaseReturn, lines: Sequence[ReturnLineData]) -> None:
    document.lines.all().delete()
    PurchaseReturnLine.objects.bulk_create(
        PurchaseReturnLine(
            document=document,
            product=line.product,
            location=line.location,
            lot=line.lot if line.product.is_lot_tracked else None,
            quantity=line.quantity,
            note=line.note,
            source_document_type=line.source.document_type if line.source else "",
            source_document_id=line.source.document_id if line.source else None,
            source_document_number=line.source.document_number if line.source else "",
            source_line_id=line.source.line_id if line.source else None,
        )
        for line in lines
    )


def _lock(document: PurchaseReturn) -> PurchaseReturn:
    return PurchaseReturn.objects.select_for_update(of=("self",)).get(pk=document.pk)


def purchase_return_create(
    *,
    supplier: Supplier,
    warehouse: Warehouse,
    date: date,
    reason: str,
    lines: Sequence[ReturnLineData],
    by,
    note: str = "",
    client_token: UUID | None = None,
) -> PurchaseReturn:
    def create():
        checked_reason = _check(supplier=supplier, warehouse=warehouse, reason=reason, lines=lines)
        document = PurchaseReturn.objects.create(
            number=document_number_next(prefix=PurchaseReturn.number_prefix),
            supplier=supplier,
            warehouse=warehouse,
            date=date,
            reason=checked_reason,
            note=note,
            client_token=client_token,
            created_by=by,
        )
        _lines_write(document, lines)
        return document

    return document_create_once(PurchaseReturn, client_token=client_token, create=create)


def purchase_return_update(
    *,
    document: PurchaseReturn,
    supplier: Supplier,
    warehouse: Warehouse,
    date: date,
    reason: str,
    lines: Sequence[ReturnLineData],
    by,
    note: str = "",
) -> PurchaseReturn:
    reason = _check(supplier=supplier, warehouse=warehouse, reason=reason, lines=lines)
    with transaction.atomic():
        document = _lock(document)
        if document.status != PurchaseReturnStatus.DRAFT:
            raise DocumentStateError(
                _("%(number)s is %(status)s: only a draft can be changed.")
                % {"number": document.number, "status": document.get_status_display()}
            )
        document.supplier, document.warehouse, document.date = supplier, warehouse, date
        document.reason, document.note = reason, note
        document.save(update_fields=["supplier", "warehouse", "date", "reason", "note"])
        _lines_write(document, lines)
    return document


def purchase_return_submit(*, document: PurchaseReturn, by, comment: str = "") -> PurchaseReturn:
    with transaction.atomic():
        document = _lock(document)
        if not document.lines.exists():
            raise DomainError(_("Add at least one line before submitting."))
        document_transition(document, document.submit, by=by, comment=comment)
        notify_submitted(document, permission="purchasing.approve_purchasereturn", by=by)
    return document


def purchase_return_approve(*, document: PurchaseReturn, by, comment: str = "") -> PurchaseReturn:
    with transaction.atomic():
        document = _lock(document)
        refuse_own(document, by)
        document_transition(
            document, document.approve, by=by, comment=comment, approver=by, at=timezone.now()
        )
    return document


def purchase_return_reject(*, document: PurchaseReturn, by, reason: str) -> PurchaseReturn:
    reason = reason_required(reason)
    with transaction.atomic():
        document = _lock(document)
        refuse_own(document, by)
        document_transition(document, document.reject, by=by, comment=reason, reason=reason)
        notify_rejected(document, reason=reason, by=by)
    return document


def purchase_return_reopen(*, document: PurchaseReturn, by) -> PurchaseReturn:
    with transaction.atomic():
        document = _lock(document)
        document_transition(document, document.reopen, by=by)
    return document


def purchase_return_cancel(*, document: PurchaseReturn, by, comment: str = "") -> PurchaseReturn:
    with transaction.atomic():
        document = _lock(document)
        document_transition(document, document.cancel, by=by, comment=comment)
    return document


def purchase_return_ship(*, document: PurchaseReturn, by) -> PurchaseReturn:
    """Take the goods out of stock at the cost they carry and credit the supplier with that value."""
    with transaction.atomic():
        document = (
            PurchaseReturn.objects.select_for_update(of=("self",))
            .select_related("supplier")
            .get(pk=document.pk)
        )
        document_transition(document, document.ship, by=by, at=timezone.now())
        lines = list(document.lines.all())
        moves = stock_moves_post(
            moves=[
                MoveSpec(
                    product_id=line.product_id,
                    location_id=line.location_id,
                    lot_id=line.lot_id,
                    quantity=-line.quantity,
                    move_type=MoveType.PURCHASE_RETURN,
                    document_line_id=line.pk,
                    note=document.reason[:200],
                )
                for line in lines
            ],
            document=document,
            by=by,
        )
        moves_by_line = {move.document_line_id: move for move in moves}
        total = Decimal("0")
        for line in lines:
            move = moves_by_line[line.pk]
            line.unit_cost = move.unit_cost
            line.amount = (-move.value).quantize(CENT, ROUND_HALF_UP)
            total += line.amount
        rows_update(lines, ["unit_cost", "amount"])
        document.total = total
        document.save(update_fields=["total"])
        if total:
            ledger_entry_post(
                partner=supplier_ref(document.supplier),
                entry_type=EntryType.PURCHASE_RETURN,
                amount=-total,
                date=timezone.localdate(document.shipped_at),
                document=document,
                by=by,
                note=document.reason[:200],
            )
    return document
