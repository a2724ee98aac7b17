"""Transfers between warehouses and between locations: draft -> in transit -> received.

Dispatch moves the goods out of their source locations into the transit location of the destination
warehouse at the average cost they leave with; receipt moves them from transit into the destination
location at that same cost. A shortfall is written off from transit as a loss (a scrap move with its
value), a surplus is counted into transit first, so transit always ends at zero for a received transfer.
All balances a posting touches are locked once, up front, in the fixed order of ``stock_balances_lock``.
"""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.bulk import rows_update
from common.documents import document_number_next, document_transition
from common.exceptions import DomainError
from inventory.choices import MoveType, TransferStatus
from inventory.models import Location, Lot, Product, Transfer, TransferLine, Warehouse
from inventory.services.ledger import MoveSpec, stock_balances_lock, stock_moves_post

TRANSIT_CODE = "TRANSIT"


def transit_location_get(*, warehouse: Warehouse) -> Location:
    """The system location holding goods on their way to ``warehouse`` (made on first use)."""
    location, _created = Location.objects.get_or_create(
        warehouse=warehouse,
        code=TRANSIT_CODE,
        defaults={"name": _("Goods in transit"), "is_transit": True, "is_active": False},
    )
    if not location.is_transit:
        raise DomainError(
            _("Location %(location)s is an ordinary location; rename it so transfers can use TRANSIT.")
            % {"location": location}
        )
    return location


def transfer_create(*, source_warehouse: Warehouse, destination: Location, note: str = "", by) -> Transfer:
    if destination.is_transit or not destination.is_active:
        raise DomainError(_("Choose an active destination location."), field="destination")
    with transaction.atomic():
        return Transfer.objects.create(
            number=document_number_next(prefix=Transfer.number_prefix),
            source_warehouse=source_warehouse,
            destination=destination,
            note=note,
            created_by=by,
        )


def _check_quantity(product: Product, quantity: Decimal, field: str = "quantity") -> None:
    if quantity != quantity.quantize(Decimal("0.001")):
        raise DomainError(_("Enter at most three decimal places."), field=field)
    if not product.unit.is_fractional and quantity != quantity.to_integral():
        raise DomainError(_("%(unit)s is counted in whole numbers.") % {"unit": product.unit}, field=field)


def transfer_line_add(
    *, transfer: Transfer, product: Product, source: Location, quantity: Decimal, lot: Lot | None = None
) -> TransferLine:
    with transaction.atomic():
        transfer = Transfer.objects.select_for_update().get(pk=transfer.pk)
        if transfer.status != TransferStatus.DRAFT:
            raise DomainError(_("Only a draft can be changed."))
        if source.warehouse_id != transfer.source_warehouse_id or source.is_transit:
            raise DomainError(
                _("Location %(location)s is not in %(warehouse)s.")
                % {"location": source, "warehouse": transfer.source_warehouse},
                field="source",
            )
        if source.pk == transfer.destination_id:
            raise DomainError(_("The goods are already in the destination location."), field="source")
        if quantity is None or quantity <= 0:
            raise DomainError(_("Enter a quantity greater than zero."), field="quantity")
        _check_quantity(product, quantity)
        if product.is_lot_tracked and lot is None:
            raise DomainError(_("This product is lot tracked: choose its lot."), field="lot")
        if lot is not None and lot.product_id != product.pk:
            raise DomainError(_("This lot belongs to another product."), field="lot")
        if not product.is_lot_tracked:
            lot = None
        return TransferLine.objects.create(
            transfer=transfer, product=product, source=source, lot=lot, quantity=quantity
        )


def transfer_line_remove(*, transfer: Transfer, line_id: int) -> None:
    with transaction.atomic():
        transfer = Transfer.objects.select_for_update().get(pk=transfer.pk)
        if transfer.status != TransferStatus.DRAFT:
            raise DomainError(_("Only a draft can be changed."))
        transfer.lines.filter(pk=line_id).delete()


def transfer_dispatch(*, transfer: Transfer, by) -> Transfer:
    """Take the goods out of their source locations into transit, at the average cost they leave with."""
    with transaction.atomic():
        transfer = Transfer.objects.select_for_update().select_related("destination").get(pk=transfer.pk)
        lines = list(transfer.lines.select_related("product"))
        if transfer.status == TransferStatus.DRAFT and not lines:
            raise DomainError(_("Add at least one line before dispatching."))
        document_transition(
            transfer, transfer.dispatch, by=by, check_permission=False, user=by, at=timezone.now()
        )
        transit = transit_location_get(warehouse=transfer.destination.warehouse)
        stock_balances_lock(
            keys=[(line.product_id, line.source_id, line.lot_id) for line in lines]
            + [(line.product_id, transit.pk, line.lot_id) for line in lines]
        )
        out_moves = stock_moves_post(
            moves=[
                MoveSpec(
                    product_id=line.product_id,
                    location_id=line.source_id,
                    lot_id=line.lot_id,
                    quantity=-line.quantity,
                    move_type=MoveType.TRANSFER_OUT,
                    document_line_id=line.pk,
                )
                for line in lines
            ],
            document=transfer,
            by=by,
        )
        for line, move in zip(lines, out_moves, strict=True):
            line.unit_cost, line.value = move.unit_cost, -move.value
        rows_update(lines, ["unit_cost", "value"])
        stock_moves_post(
            moves=[
                MoveSpec(
                    product_id=line.product_id,
                    location_id=transit.pk,
                    lot_id=line.lot_id,
                    quantity=line.quantity,
                    unit_cost=line.unit_cost,
                    move_type=MoveType.TRANSFER_IN,
                    document_line_id=line.pk,
                    note=_("In transit to %(location)s") % {"location": transfer.destination},
                )
                for line in lines
            ],
            document=transfer,
            by=by,
        )
    return transfer


def transfer_receive(*, transfer: Transfer, by, received: dict[int, Decimal] | None = None) -> Transfer:
    """Move the goods from transit into the destination location.

    ``received`` maps line ids to the quantity that arrived (the dispatched quantity when a line is
    missing). A shortfall is written off from transit as a scrap move with its value; a surplus is
    counted into transit at the line's cost before it moves on, so transit ends at zero.
    """
    received = received or {}
    with transaction.atomic():
        transfer = Transfer.objects.select_for_update().select_related("destination").get(pk=transfer.pk)
        lines = list(transfer.lines.select_related("product__unit"))
        document_transition(
            transfer, transfer.receive, by=by, check_permission=False, user=by, at=timezone.now()
        )
        transit = transit_location_get(warehouse=transfer.destination.warehouse)
        for line in lines:
            quantity = received.get(line.pk, line.quantity)
            if quantity is None or quantity < 0:
                raise DomainError(_("A received quantity cannot be negative."))
            _check_quantity(line.product, quantity)
            line.received_quantity = quantity
        stock_balances_lock(
            keys=[(line.product_id, transit.pk, line.lot_id) for line in lines]
            + [(line.product_id, transfer.destination_id, line.lot_id) for line in lines]
        )
        transit_moves, arriving = [], []
        for line in lines:
            difference = line.received_quantity - line.quantity
            common = {
                "product_id": line.product_id,
                "location_id": transit.pk,
                "lot_id": line.lot_id,
                "unit_cost": line.unit_cost,
                "document_line_id": line.pk,
            }
            if difference < 0:
                transit_moves.append(
                    MoveSpec(
                        **common,
                        quantity=difference,
                        move_type=MoveType.SCRAP,
                        note=_("Transfer shortfall written off"),
                    )
                )
            elif difference > 0:
                transit_moves.append(
                    MoveSpec(
                        **common,
                        quantity=difference,
                        move_type=MoveType.COUNT_ADJUSTMENT,
                        note=_("Transfer surplus found on receipt"),
                    )
                )
            if line.received_quantity > 0:
                transit_moves.append(
                    MoveSpec(**common, quantity=-line.received_quantity, move_type=MoveType.TRANSFER_OUT)
                )
                arriving.append(line)
        posted = stock_moves_post(moves=transit_moves, document=transfer, by=by)
        left_at = {m.document_line_id: m.unit_cost for m in posted if m.move_type == MoveType.TRANSFER_OUT}
        stock_moves_post(
            moves=[
                MoveSpec(
                    product_id=line.product_id,
                    location_id=transfer.destination_id,
                    lot_id=line.lot_id,
                    quantity=line.received_quantity,
                    unit_cost=left_at[line.pk],
                    move_type=MoveType.TRANSFER_IN,
                    document_line_id=line.pk,
                )
                for line in arriving
            ],
            document=transfer,
            by=by,
        )
        rows_update(lines, ["received_quantity"])
    return transfer


def transfer_cancel(*, transfer: Transfer, by) -> Transfer:
    with transaction.atomic():
        transfer = Transfer.objects.select_for_update().get(pk=transfer.pk)
        return document_transition(transfer, transfer.cancel, by=by, check_permission=False)
