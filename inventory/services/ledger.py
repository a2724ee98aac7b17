"""Every change of stock goes through this module, inside the caller's transaction.

Balance rows are locked in one fixed order (product, location, lot, id) so two postings never deadlock.
A balance row that does not exist yet is first inserted with ``ON CONFLICT DO NOTHING`` and then locked,
so two first receipts into an empty place cannot both start from zero.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from common.bulk import plain_cursor, plain_sql, rows_insert, rows_update
from common.documents import document_number_next, document_transition
from common.exceptions import DomainError
from inventory.choices import MoveType
from inventory.exceptions import AlreadyPostedError, InsufficientStockError
from inventory.models import (
    Location,
    Lot,
    OpeningStock,
    Product,
    StockBalance,
    StockMove,
    StockReservation,
    Warehouse,
)

ZERO = Decimal("0")
COST_PLACES = Decimal("0.0001")
INCOMING_TYPES = {
    MoveType.OPENING,
    MoveType.RECEIPT,
    MoveType.CUSTOMER_RETURN,
    MoveType.TRANSFER_IN,
    MoveType.COUNT_ADJUSTMENT,
}

BalanceKey = tuple[int, int, int | None]


def _quantity_text(quantity: Decimal) -> str:
    """``10`` rather than ``1E+1``, ``2.5`` rather than ``2.500``: how a quantity reads in a message."""
    return f"{Decimal(quantity).normalize():f}"


@dataclass(frozen=True)
class MoveSpec:
    """One line to post. Positive quantity comes in, negative goes out.

    An incoming move brings its own ``unit_cost`` (receipt price, the cost at which returned goods were
    shipped, the cost a transfer left at). An outgoing move leaves at the balance's average cost unless
    ``unit_cost`` is given (a reversal leaves at the cost it came in at).
    """

    product_id: int
    location_id: int
    quantity: Decimal
    move_type: str
    lot_id: int | None = None
    unit_cost: Decimal | None = None
    document_line_id: int | None = None
    note: str = ""

    @property
    def key(self) -> BalanceKey:
        return (self.product_id, self.location_id, self.lot_id)


@dataclass(frozen=True)
class DocumentRef:
    """The document a move or reservation comes from, by model label, id and number."""

    document_type: str
    document_id: int
    document_number: str

    @classmethod
    def of(cls, document) -> "DocumentRef":
        return cls(document._meta.label_lower, document.pk, document.number)

    def fields(self) -> dict:
        return {
            "document_type": self.document_type,
            "document_id": self.document_id,
            "document_number": self.document_number,
        }


LOCK_CHUNK = 200


def stock_balances_lock(*, keys: Iterable[BalanceKey]) -> dict[BalanceKey, StockBalance]:
    """Create missing balance rows, then lock all of them in the fixed order and return them by key."""
    keys = sorted(set(keys), key=lambda k: (k[0], k[1], k[2] or 0))
    if not keys:
        return {}
    if plain_sql():
        return _balances_lock_postgresql(keys)
    StockBalance.objects.bulk_create(
        [StockBalance(product_id=p, location_id=loc, lot_id=lot) for p, loc, lot in keys],
        ignore_conflicts=True,
    )
    # Locked in chunks (a long OR is too deep for SQLite); the keys are sorted exactly as the database
    # orders the rows (lot NULL first), so the lock order stays one global order across chunks.
    locked = {}
    for start in range(0, len(keys), LOCK_CHUNK):
        condition = Q()
        for product_id, location_id, lot_id in keys[start : start + LOCK_CHUNK]:
            condition |= Q(product_id=product_id, location_id=location_id, lot_id=lot_id)
        rows = (
            StockBalance.objects.select_for_update(of=("self",))
            .filter(condition)
            .order_by("product_id", "location_id", F("lot_id").asc(nulls_first=True), "id")
        )
        locked.update({(b.product_id, b.location_id, b.lot_id): b for b in rows})
    return locked


_BALANCE_FIELDS = [field.attname for field in StockBalance._meta.concrete_fields]
_KEYS = "unnest(%s::bigint[], %s::bigint[], %s::bigint[])"  # product, location, lot (0 for none)


def _balances_lock_postgresql(keys: list[BalanceKey]) -> dict[BalanceKey, StockBalance]:
    """``stock_balances_lock`` in two statements whatever the number of keys, the keys passed as arrays:
    the ORM's insert and its OR of one condition per key took longer to build than to run."""
    table = StockBalance._meta.db_table
    arrays = ([k[0] for k in keys], [k[1] for k in keys], [k[2] or 0 for k in keys])
    with plain_cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (product_id, location_id, lot_id, on_hand, reserved, value) "
            f"SELECT p, l, NULLIF(t, 0), 0, 0, 0 FROM {_KEYS} AS k(p, l, t) ON CONFLICT DO NOTHING",
            arrays,
        )
        cursor.execute(
            f"SELECT {', '.join(_BALANCE_FIELDS)} FROM {table} "
            f"WHERE (product_id, location_id, COALESCE(lot_id, 0)) IN (SELECT * FROM {_KEYS}) "
            "ORDER BY product_id, location_id, lot_id ASC NULLS FIRST, id FOR UPDATE",
            arrays,
        )
        rows = cursor.fetchall()
    balances = (StockBalance.from_db(connection.alias, _BALANCE_FIELDS, row) for row in rows)
    return {(b.product_id, b.location_id, b.lot_id): b for b in balances}


def stock_balances_lock_warehouse(
    *, warehouse_id: int, product_ids: Iterable[int], keys: Iterable[BalanceKey] = ()
) -> dict[BalanceKey, StockBalance]:
    """Every balance row of these products in a warehouse, locked in the fixed order, found and locked in
    one statement; ``keys`` that have no row yet are created (and everything locked again, in order)."""
    if plain_sql():
        rows = _balances_lock_warehouse_postgresql(warehouse_id, sorted(set(product_ids)))
    else:
        rows = (
            StockBalance.objects.select_for_update(of=("self",))
            .filter(product_id__in=set(product_ids), location__warehouse_id=warehouse_id)
            .order_by("product_id", "location_id", F("lot_id").asc(nulls_first=True), "id")
        )
    locked = {(b.product_id, b.location_id, b.lot_id): b for b in rows}
    if set(keys) <= locked.keys():
        return locked
    return stock_balances_lock(keys=[*locked, *keys])


def _balances_lock_warehouse_postgresql(warehouse_id: int, product_ids: list[int]) -> list[StockBalance]:
    """The ORM's query for this (a join to the locations) took longer to build than to run."""
    with plain_cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(_BALANCE_FIELDS)} FROM {StockBalance._meta.db_table} "
            f"WHERE product_id = ANY(%s) AND location_id IN "
            f"(SELECT id FROM {Location._meta.db_table} WHERE warehouse_id = %s) "
            "ORDER BY product_id, location_id, lot_id ASC NULLS FIRST, id FOR UPDATE",
            [product_ids, warehouse_id],
        )
        rows = cursor.fetchall()
    return [StockBalance.from_db(connection.alias, _BALANCE_FIELDS, row) for row in rows]


def _locked(balances: dict | None, keys: Iterable[BalanceKey]) -> dict[BalanceKey, StockBalance]:
    """The caller's locked rows when they cover ``keys``; otherwise lock ``keys`` now."""
    keys = set(keys)
    if balances is not None and keys <= balances.keys():
        return balances
    return stock_balances_lock(keys=keys)


def _describe(balance: StockBalance) -> dict:
    product = Product.objects.only("sku", "name").get(pk=balance.product_id)
    location = Location.objects.select_related("warehouse").get(pk=balance.location_id)
    return {"product": f"{product.sku} {product.name}", "location": str(location)}


def _apply(balance: StockBalance, spec: MoveSpec) -> tuple[Decimal, Decimal]:
    """Change the locked balance in memory for one move; return the move's unit cost and value."""
    quantity = spec.quantity
    if quantity > 0:
        unit_cost = spec.unit_cost if spec.unit_cost is not None else balance.average_cost
        unit_cost = Decimal(unit_cost).quantize(COST_PLACES, ROUND_HALF_UP)
        value = (quantity * unit_cost).quantize(COST_PLACES, ROUND_HALF_UP)
    else:
        if balance.available < -quantity:
            raise InsufficientStockError(
                _(
                    "Not enough stock of %(product)s in %(location)s: %(available)s available, "
                    "%(needed)s needed."
                )
                % {
                    **_describe(balance),
                    "available": _quantity_text(balance.available),
                    "needed": _quantity_text(-quantity),
                }
            )
        if spec.unit_cost is not None:
            unit_cost = Decimal(spec.unit_cost).quantize(COST_PLACES, ROUND_HALF_UP)
        else:
            unit_cost = Decimal(balance.average_cost).quantize(COST_PLACES, ROUND_HALF_UP)
        value = (quantity * unit_cost).quantize(COST_PLACES, ROUND_HALF_UP)
        if balance.on_hand + quantity == 0 or value < -balance.value:
            value = -balance.value  # the last unit out takes the remaining value, so no residue is left
    balance.on_hand += quantity
    balance.value += value
    return unit_cost, value


def stock_moves_post(
    *, moves: Sequence[MoveSpec], document, by, reverses=None, balances: dict | None = None
) -> list[StockMove]:
    """Post moves for a document: lock balances, refuse what would go negative, write the ledger.

    ``document`` is a document instance or a ``DocumentRef``; ``balances`` are rows the caller has already
    locked through ``stock_balances_lock`` (a posting that also releases or reserves locks once). The
    posting is one savepoint: refused (not enough stock, already posted), it leaves nothing behind.
    """
    if not moves:
        return []
    ref = document if isinstance(document, DocumentRef) else DocumentRef.of(document)
    with transaction.atomic():
        balances = _locked(balances, [m.key for m in moves])
        created = []
        for spec in moves:
            if spec.quantity == 0:
                continue
            balance = balances[spec.key]
            unit_cost, value = _apply(balance, spec)
            created.append(
                StockMove(
                    product_id=spec.product_id,
                    location_id=spec.location_id,
                    lot_id=spec.lot_id,
                    quantity=spec.quantity,
                    unit_cost=unit_cost,
                    value=value,
                    move_type=spec.move_type,
                    document_line_id=spec.document_line_id,
                    note=spec.note,
                    created_by=by,
                    reverses=reverses,
                    **ref.fields(),
                )
            )
        rows_update({balances[m.key] for m in moves}, ["on_hand", "value"])
        try:
            return rows_insert(created)
        except IntegrityError as exc:  # the unique (document line, move type); the savepoint undoes the rest
            raise AlreadyPostedError(
                _("%(number)s has already been posted.") % {"number": ref.document_number}
            ) from exc


def stock_move_reverse(*, move: StockMove, by, note: str = "") -> StockMove:
    """Post the exact opposite of a move, at the cost it was posted at. A move is reversed once only."""
    if StockMove.objects.filter(reverses=move).exists() or move.move_type == MoveType.REVERSAL:
        raise AlreadyPostedError(_("This move has already been reversed or is itself a reversal."))
    spec = MoveSpec(
        product_id=move.product_id,
        location_id=move.location_id,
        lot_id=move.lot_id,
        quantity=-move.quantity,
        unit_cost=move.unit_cost,
        move_type=MoveType.REVERSAL,
        note=note or _("Reversal of %(number)s") % {"number": move.document_number},
    )
    ref = DocumentRef(move.document_type, move.document_id, move.document_number)
    try:
        with transaction.atomic():
            (reversal,) = stock_moves_post(moves=[spec], document=ref, by=by, reverses=move)
    except AlreadyPostedError as exc:
        raise AlreadyPostedError(_("This move has already been reversed.")) from exc
    return reversal


@dataclass(frozen=True)
class ReserveSpec:
    """What one document line holds of a product."""

    product: Product
    quantity: Decimal
    line_id: int


def stock_reserve(
    *,
    product: Product,
    warehouse: Warehouse,
    quantity: Decimal,
    document,
    line_id: int,
    balances: dict | None = None,
) -> list[StockReservation]:
    """Hold ``quantity`` of a product in a warehouse for a document line, first-expiry-first-out."""
    return stock_reserve_lines(
        warehouse=warehouse,
        document=document,
        lines=[ReserveSpec(product, quantity, line_id)],
        balances=balances,
    )


def stock_reserve_lines(
    *, warehouse: Warehouse, document, lines: Sequence[ReserveSpec], balances: dict | None = None
) -> list[StockReservation]:
    """Hold what every line needs in a warehouse, first-expiry-first-out, lines in the order given; all or
    nothing. ``balances``: rows the caller has already locked through ``stock_balances_lock``."""
    lines = [line for line in lines if line.quantity > 0]
    if not lines:
        return []
    with transaction.atomic():
        candidates = list(
            StockBalance.objects.filter(
                product__in={line.product.pk for line in lines},
                location__warehouse=warehouse,
                location__is_transit=False,
                on_hand__gt=0,
            )
            .order_by("lot__expiry_date", "location__code", "id")
            .values_list("product_id", "location_id", "lot_id")
        )
        balances = _locked(balances, candidates)
        places = defaultdict(list)  # per product, its rows in the order to take from
        for key in candidates:
            places[key[0]].append(balances[key])
        reservations, held = [], set()
        ref = DocumentRef.of(document).fields()
        for line in lines:
            remaining = line.quantity
            for balance in places[line.product.pk]:
                take = min(balance.available, remaining)
                if take <= 0:
                    continue
                balance.reserved += take
                held.add(balance)
                reservations.append(
                    StockReservation(
                        product_id=balance.product_id,
                        location_id=balance.location_id,
                        lot_id=balance.lot_id,
                        quantity=take,
                        document_line_id=line.line_id,
                        **ref,
                    )
                )
                remaining -= take
                if remaining == 0:
                    break
            if remaining > 0:
                raise InsufficientStockError(
                    _(
                        "Not enough stock of %(product)s in %(warehouse)s: "
                        "%(available)s available, %(needed)s needed."
                    )
                    % {
                        "product": f"{line.product.sku} {line.product.name}",
                        "warehouse": warehouse.name,
                        "available": _quantity_text(line.quantity - remaining),
                        "needed": _quantity_text(line.quantity),
                    }
                )
        rows_update(held, ["reserved"])
        return StockReservation.objects.bulk_create(reservations)


def stock_release(
    *,
    document,
    line_ids: Iterable[int] | None = None,
    balances: dict | None = None,
    reservations: Iterable[StockReservation] | None = None,
) -> Decimal:
    """Give back what a document (or some of its lines) holds; return the quantity released.

    ``balances``: rows the caller has already locked through ``stock_balances_lock``. ``reservations``:
    the document's reservations as the caller read them while holding the document's lock (nothing else
    changes them then), so they need not be read again."""
    with transaction.atomic(savepoint=False):
        wanted = None if line_ids is None else set(line_ids)
        if reservations is None:
            reservations = StockReservation.objects.filter(
                document_type=document._meta.label_lower, document_id=document.pk
            )
            if wanted is not None:
                reservations = reservations.filter(document_line_id__in=wanted)
            reservations = list(reservations.select_for_update().order_by("pk"))
        else:
            reservations = [r for r in reservations if wanted is None or r.document_line_id in wanted]
        if not reservations:
            return ZERO
        balances = _locked(balances, [(r.product_id, r.location_id, r.lot_id) for r in reservations])
        released, touched = ZERO, set()
        for reservation in reservations:
            balance = balances[(reservation.product_id, reservation.location_id, reservation.lot_id)]
            balance.reserved -= reservation.quantity
            released += reservation.quantity
            touched.add(balance)
        rows_update(touched, ["reserved"])
        StockReservation.objects.filter(pk__in=[r.pk for r in reservations]).delete()
        return released


def lot_get_or_create(*, product: Product, number: str, expiry_date=None, production_date=None) -> Lot:
    lot, _created = Lot.objects.get_or_create(
        product=product,
        number=number,
        defaults={"expiry_date": expiry_date, "production_date": production_date},
    )
    return lot


def warehouse_create(*, code: str, name: str, address: str = "") -> Warehouse:
    """A warehouse starts with one default location, so a company without bins can post at once."""
    with transaction.atomic():
        warehouse = Warehouse.objects.create(code=code, name=name, address=address)
        Location.objects.create(warehouse=warehouse, code="DEFAULT", name=_("Default location"))
    return warehouse


def opening_stock_create(*, warehouse: Warehouse, date, note: str, by) -> OpeningStock:
    with transaction.atomic():
        return OpeningStock.objects.create(
            number=document_number_next(prefix=OpeningStock.number_prefix, on=None),
            warehouse=warehouse,
            date=date,
            note=note,
            created_by=by,
        )


def opening_stock_post(*, document: OpeningStock, by) -> OpeningStock:
    """Post every line as an opening move at its unit cost, in one transaction."""
    with transaction.atomic():
        document = OpeningStock.objects.select_for_update().get(pk=document.pk)
        if document.created_by_id == by.pk:
            raise DomainError(_("Nobody approves a document they created: ask another person to post it."))
        lines = list(document.lines.select_related("product", "location"))
        if not lines:
            raise DomainError(_("Add at least one line before posting."))
        specs = []
        for line in lines:
            if line.location.warehouse_id != document.warehouse_id:
                raise DomainError(
                    _("Location %(location)s is not in %(warehouse)s.")
                    % {"location": line.location, "warehouse": document.warehouse}
                )
            lot_id = None
            if line.product.is_lot_tracked:
                if not line.lot_number:
                    raise DomainError(
                        _("%(product)s is lot tracked: enter its lot number.") % {"product": line.product}
                    )
                lot_id = lot_get_or_create(
                    product=line.product, number=line.lot_number, expiry_date=line.expiry_date
                ).pk
            specs.append(
                MoveSpec(
                    product_id=line.product_id,
                    location_id=line.location_id,
                    lot_id=lot_id,
                    quantity=line.quantity,
                    unit_cost=line.unit_cost,
                    move_type=MoveType.OPENING,
                    document_line_id=line.pk,
                )
            )
        document.approved_by, document.approved_at = by, timezone.now()
        document_transition(document, document.post, by=by, at=document.approved_at)
        stock_moves_post(moves=specs, document=document, by=by)
    return document


def opening_stock_cancel(*, document: OpeningStock, by, comment: str = "") -> OpeningStock:
    with transaction.atomic():
        document = OpeningStock.objects.select_for_update().get(pk=document.pk)
        return document_transition(document, document.cancel, by=by, comment=comment)
