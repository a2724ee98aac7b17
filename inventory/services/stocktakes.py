"""Stocktaking (盘点): snapshot, counting (on screen or from an Excel count sheet), approval.

The variance of a line is ``counted - (expected at snapshot + net moves posted after the snapshot)``, so
goods received or shipped while the count runs do not show up as false variances. Approval posts one
count-adjustment move per line with a variance, in one transaction, on balances locked up front.
"""

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Max, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from common.bulk import rows_update
from common.documents import document_number_next, document_transition
from common.exceptions import DomainError
from inventory.choices import MoveType, StocktakeStatus
from inventory.models import (
    Category,
    Location,
    Product,
    StockBalance,
    StockMove,
    Stocktake,
    StocktakeLine,
    Warehouse,
)
from inventory.selectors.stock import category_descendant_ids
from inventory.services.ledger import (
    COST_PLACES,
    MoveSpec,
    lot_get_or_create,
    stock_balances_lock,
    stock_moves_post,
)

ZERO = Decimal("0")


def stocktake_create(
    *,
    warehouse: Warehouse,
    location: Location | None = None,
    category: Category | None = None,
    blind: bool = False,
    note: str = "",
    by,
) -> Stocktake:
    if location is not None and location.warehouse_id != warehouse.pk:
        raise DomainError(
            _("Location %(location)s is not in %(warehouse)s.")
            % {"location": location, "warehouse": warehouse},
            field="location",
        )
    with transaction.atomic():
        return Stocktake.objects.create(
            number=document_number_next(prefix=Stocktake.number_prefix),
            warehouse=warehouse,
            location=location,
            category=category,
            blind=blind,
            note=note,
            created_by=by,
        )


def _locked(stocktake: Stocktake) -> Stocktake:
    return Stocktake.objects.select_for_update().get(pk=stocktake.pk)


def stocktake_scope(stocktake: Stocktake):
    """The balances a stocktake counts: its warehouse, location and category, never transit."""
    balances = StockBalance.objects.filter(
        location__warehouse_id=stocktake.warehouse_id, location__is_transit=False
    )
    if stocktake.location_id:
        balances = balances.filter(location_id=stocktake.location_id)
    if stocktake.category_id:
        balances = balances.filter(product__category_id__in=category_descendant_ids(stocktake.category_id))
    return balances


def stocktake_start(*, stocktake: Stocktake, by) -> Stocktake:
    """Take the snapshot: expected quantity of every balance in scope, and the last move id at that time.

    The balances in scope are locked first, so a posting that is running now either finished before the
    snapshot (and is in it) or starts after it (and its move id is above the remembered one).
    """
    with transaction.atomic():
        stocktake = _locked(stocktake)
        keys = list(
            stocktake_scope(stocktake)
            .filter(on_hand__gt=0)
            .values_list("product_id", "location_id", "lot_id")
        )
        balances = stock_balances_lock(keys=keys)
        last_move_id = StockMove.objects.aggregate(last=Max("id"))["last"] or 0
        document_transition(
            stocktake,
            stocktake.start,
            by=by,
            check_permission=False,
            at=timezone.now(),
            last_move_id=last_move_id,
        )
        StocktakeLine.objects.bulk_create(
            [
                StocktakeLine(
                    stocktake=stocktake,
                    product_id=b.product_id,
                    location_id=b.location_id,
                    lot_id=b.lot_id,
                    expected_quantity=b.on_hand,
                )
                for b in balances.values()
                if b.on_hand > 0
            ]
        )
    return stocktake


def _parse_count(product: Product, raw) -> Decimal | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    try:
        quantity = Decimal(str(raw).strip())
    except InvalidOperation:
        raise DomainError(_("“%(value)s” is not a number.") % {"value": raw}) from None
    if not quantity.is_finite() or quantity < 0:
        raise DomainError(_("A counted quantity cannot be negative."))
    if quantity != quantity.quantize(Decimal("0.001")):
        raise DomainError(_("Enter at most three decimal places."))
    if not product.unit.is_fractional and quantity != quantity.to_integral():
        raise DomainError(_("%(unit)s is counted in whole numbers.") % {"unit": product.unit})
    return quantity


def stocktake_counts_save(*, stocktake: Stocktake, counts: dict[int, object], by) -> int:
    """Record counted quantities by line id; an empty value clears the count. Return lines changed."""
    with transaction.atomic():
        stocktake = _locked(stocktake)
        if stocktake.status != StocktakeStatus.COUNTING:
            raise DomainError(_("Counted quantities can be entered only while counting."))
        lines = {
            line.pk: line for line in stocktake.lines.select_related("product__unit").filter(pk__in=counts)
        }
        changed = []
        for line_id, raw in counts.items():
            line = lines.get(line_id)
            if line is None:
                raise DomainError(_("Line %(line)s is not part of this stocktake.") % {"line": line_id})
            try:
                line.counted_quantity = _parse_count(line.product, raw)
            except DomainError as error:
                raise DomainError(f"{line.product}: {error.message}") from None
            changed.append(line)
        rows_update(changed, ["counted_quantity"])
        return len(changed)


def stocktake_line_add(
    *,
    stocktake: Stocktake,
    product: Product,
    location: Location,
    counted_quantity: Decimal,
    lot_number: str = "",
    expiry_date=None,
    by,
) -> StocktakeLine:
    """A product found where the snapshot expected none: a line with expected zero."""
    with transaction.atomic():
        stocktake = _locked(stocktake)
        if stocktake.status != StocktakeStatus.COUNTING:
            raise DomainError(_("Lines can be added only while counting."))
        if location.warehouse_id != stocktake.warehouse_id or location.is_transit:
            raise DomainError(_("This location is not counted in this stocktake."), field="location")
        if stocktake.location_id and location.pk != stocktake.location_id:
            raise DomainError(_("This location is not counted in this stocktake."), field="location")
        if stocktake.category_id and product.category_id not in category_descendant_ids(
            stocktake.category_id
        ):
            raise DomainError(_("This product is not in the category being counted."), field="product")
        lot = None
        if product.is_lot_tracked:
            if not lot_number:
                raise DomainError(_("This product is lot tracked: enter its lot number."), field="lot_number")
            lot = lot_get_or_create(product=product, number=lot_number, expiry_date=expiry_date)
        try:
            quantity = _parse_count(product, counted_quantity)
        except DomainError as error:
            raise DomainError(error.message, field="counted_quantity") from None
        if stocktake.lines.filter(product=product, location=location, lot=lot).exists():
            raise DomainError(
                _("This product is already on the count sheet for this place."), field="product"
            )
        return StocktakeLine.objects.create(
            stocktake=stocktake,
            product=product,
            location=location,
            lot=lot,
            expected_quantity=ZERO,
            counted_quantity=quantity,
            added_during_count=True,
        )


SHEET_HEADERS = ["line", "SKU", "product", "location", "lot", "expected", "counted"]


def stocktake_import(*, stocktake: Stocktake, file, by) -> int:
    """Read counted quantities from a filled-in count sheet (see ``selectors.stocktake_sheet``).

    Every bad row is refused with its row number, and nothing is saved unless every row is good.
    """
    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise DomainError(_("This file is not an Excel workbook (.xlsx)."), field="file") from exc
    sheet = workbook.active
    rows = sheet.iter_rows(values_only=True)
    header = [str(cell or "").strip() for cell in next(rows, [])]
    if "line" not in header or "counted" not in header:
        raise DomainError(
            _("The first row must be the header of the count sheet (line … counted)."), field="file"
        )
    line_col, counted_col = header.index("line"), header.index("counted")
    lines = {line.pk: line for line in stocktake.lines.select_related("product__unit")}
    counts, errors = {}, []
    for number, row in enumerate(rows, start=2):
        if not row or all(cell in (None, "") for cell in row):
            continue
        raw_line = row[line_col] if line_col < len(row) else None
        raw_count = row[counted_col] if counted_col < len(row) else None
        try:
            line = lines.get(int(raw_line))
        except (TypeError, ValueError):
            line = None
        if line is None:
            errors.append(_("Row %(row)s: no such line on this count sheet.") % {"row": number})
            continue
        try:
            quantity = _parse_count(line.product, raw_count)
        except DomainError as error:
            errors.append(_("Row %(row)s: %(error)s") % {"row": number, "error": error.message})
            continue
        if quantity is not None:
            counts[line.pk] = quantity
    if errors:
        raise DomainError(" ".join(errors[:20]), field="file")
    return stocktake_counts_save(stocktake=stocktake, counts=counts, by=by)


def stocktake_submit(*, stocktake: Stocktake, by) -> Stocktake:
    with transaction.atomic():
        stocktake = _locked(stocktake)
        missing = stocktake.lines.filter(counted_quantity__isnull=True).count()
        if stocktake.status == StocktakeStatus.COUNTING and missing:
            raise DomainError(
                _("%(count)s lines have not been counted yet: enter 0 for what is not there.")
                % {"count": missing}
            )
        return document_transition(stocktake, stocktake.submit, by=by, check_permission=False)


def moves_after_snapshot(stocktake: Stocktake) -> dict[tuple, Decimal]:
    """Net quantity posted after the snapshot per (product, location, lot) of the stocktake's lines."""
    if stocktake.snapshot_move_id is None:
        return {}
    lines = stocktake.lines.values_list("product_id", "location_id", "lot_id")
    condition = Q()
    for product_id, location_id, lot_id in lines:
        condition |= Q(product_id=product_id, location_id=location_id, lot_id=lot_id)
    if not condition:
        return {}
    rows = (
        StockMove.objects.filter(condition, id__gt=stocktake.snapshot_move_id)
        .values("product_id", "location_id", "lot_id")
        .order_by()
        .annotate(quantity=Sum("quantity"))
    )
    return {(r["product_id"], r["location_id"], r["lot_id"]): r["quantity"] for r in rows}


def _cost_for_surplus(balance: StockBalance, product: Product) -> Decimal:
    """Current average cost of the place, else the last cost the product moved at, else its purchase price."""
    if balance.on_hand > 0:
        return (balance.value / balance.on_hand).quantize(COST_PLACES)
    last = (
        StockMove.objects.filter(product_id=product.pk, unit_cost__gt=0)
        .order_by("-created_at", "-id")
        .values_list("unit_cost", flat=True)
        .first()
    )
    return last if last is not None else product.purchase_price


def stocktake_approve(*, stocktake: Stocktake, by) -> Stocktake:
    """Post a count adjustment for every line whose count differs from the expected quantity now."""
    with transaction.atomic():
        stocktake = _locked(stocktake)
        if stocktake.created_by_id == by.pk:
            raise DomainError(_("Nobody approves a document they created: ask another person to approve it."))
        lines = list(stocktake.lines.select_related("product"))
        balances = stock_balances_lock(
            keys=[(line.product_id, line.location_id, line.lot_id) for line in lines]
        )
        document_transition(stocktake, stocktake.approve, by=by, user=by, at=timezone.now())
        after = moves_after_snapshot(stocktake)
        specs = []
        for line in lines:
            key = (line.product_id, line.location_id, line.lot_id)
            balance = balances[key]
            line.moves_after_snapshot = after.get(key, ZERO)
            expected_now = line.expected_quantity + line.moves_after_snapshot
            if expected_now != balance.on_hand:  # the ledger invariant says this cannot happen
                raise DomainError(
                    _("The stock of %(product)s changed unexpectedly; try again.") % {"product": line.product}
                )
            line.variance_quantity = line.counted_quantity - expected_now
            if line.variance_quantity > 0:
                line.unit_cost = _cost_for_surplus(balance, line.product)
            else:
                line.unit_cost = (
                    (balance.value / balance.on_hand).quantize(COST_PLACES) if balance.on_hand else ZERO
                )
            if line.variance_quantity:
                specs.append(
                    MoveSpec(
                        product_id=line.product_id,
                        location_id=line.location_id,
                        lot_id=line.lot_id,
                        quantity=line.variance_quantity,
                        unit_cost=line.unit_cost if line.variance_quantity > 0 else None,
                        move_type=MoveType.COUNT_ADJUSTMENT,
                        document_line_id=line.pk,
                    )
                )
        stock_moves_post(moves=specs, document=stocktake, by=by)
        rows_update(lines, ["moves_after_snapshot", "variance_quantity", "unit_cost"])
    return stocktake


def stocktake_reject(*, stocktake: Stocktake, by, reason: str) -> Stocktake:
    """Send a submitted count back for recounting, with the reason in the history."""
    if not reason.strip():
        raise DomainError(_("Give a reason for the rejection."), field="reason")
    with transaction.atomic():
        stocktake = _locked(stocktake)
        if stocktake.created_by_id == by.pk:
            raise DomainError(_("Nobody decides on a document they created."))
        return document_transition(stocktake, stocktake.reject, by=by, comment=reason, check_permission=False)


def stocktake_cancel(*, stocktake: Stocktake, by) -> Stocktake:
    with transaction.atomic():
        stocktake = _locked(stocktake)
        return document_transition(stocktake, stocktake.cancel, by=by, check_permission=False)
