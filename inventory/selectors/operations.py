"""Read queries of the stock operations: stock card, lot trace, valuation at a date, near expiry, goods in
transit, stocktake variance and count sheet. Aggregated in the database."""

import datetime
from decimal import Decimal
from io import BytesIO

from django.apps import apps
from django.db.models import (
    Case,
    DecimalField,
    ExpressionWrapper,
    F,
    Min,
    OuterRef,
    Subquery,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone
from openpyxl import Workbook

from inventory.choices import AlertStatus, StocktakeStatus, TransferStatus
from inventory.models import (
    Lot,
    LowStockAlert,
    StockBalance,
    StockMonthEnd,
    StockMove,
    Stocktake,
    StocktakeLine,
    Transfer,
)
from inventory.selectors.stock import category_descendant_ids

QTY = DecimalField(max_digits=14, decimal_places=3)
VALUE = DecimalField(max_digits=18, decimal_places=4)
COST = DecimalField(max_digits=14, decimal_places=4)
ZERO_QTY = Value(Decimal("0"), output_field=QTY)
ZERO_VALUE = Value(Decimal("0"), output_field=VALUE)


def day_end(day: datetime.date) -> datetime.datetime:
    """The first instant after ``day`` in the company's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min))


def _moves_filtered(*, product=None, warehouse=None, location=None, lot=None):
    moves = StockMove.objects.all()
    if product is not None:
        moves = moves.filter(product=product)
    if warehouse is not None:
        moves = moves.filter(location__warehouse=warehouse)
    if location is not None:
        moves = moves.filter(location=location)
    if lot is not None:
        moves = moves.filter(lot=lot)
    return moves


def stock_card(*, product=None, warehouse=None, location=None, lot=None, date_from=None, date_to=None):
    """Every move of a product (or a lot) with running balance and running value, oldest first.

    Returns (opening, moves): the quantity and value before ``date_from`` and the moves in the range,
    each annotated with ``balance`` and ``balance_value`` (window sums over created_at, id, plus opening).
    """
    moves = _moves_filtered(product=product, warehouse=warehouse, location=location, lot=lot)
    opening = {"quantity": Decimal("0"), "value": Decimal("0")}
    if date_from:
        start = day_end(date_from - datetime.timedelta(days=1))
        opening = moves.filter(created_at__lt=start).aggregate(
            quantity=Coalesce(Sum("quantity"), ZERO_QTY), value=Coalesce(Sum("value"), ZERO_VALUE)
        )
        moves = moves.filter(created_at__gte=start)
    if date_to:
        moves = moves.filter(created_at__lt=day_end(date_to))
    order = [F("created_at").asc(), F("id").asc()]
    moves = (
        moves.select_related("product__unit", "location__warehouse", "lot", "created_by")
        .annotate(
            balance=Window(Sum("quantity"), order_by=order) + Value(opening["quantity"], output_field=QTY),
            balance_value=Window(Sum("value"), order_by=order) + Value(opening["value"], output_field=VALUE),
            quantity_in=Case(When(quantity__gt=0, then=F("quantity")), default=None, output_field=QTY),
            quantity_out=Case(When(quantity__lt=0, then=-F("quantity")), default=None, output_field=QTY),
        )
        .order_by("created_at", "id")
    )
    return opening, moves


def document_links(moves) -> dict[tuple[str, int], str]:
    """URL of each document the moves came from, one query per document type (no query per row)."""
    wanted: dict[str, set[int]] = {}
    for move in moves:
        wanted.setdefault(move.document_type, set()).add(move.document_id)
    links = {}
    for label, ids in wanted.items():
        try:
            model = apps.get_model(label)
        except (LookupError, ValueError):
            continue
        if not hasattr(model, "get_absolute_url"):
            continue
        for obj in model.objects.filter(pk__in=ids):
            links[(label, obj.pk)] = obj.get_absolute_url()
    return links


def lot_trace(lot: Lot):
    """Every move of a lot in every location, with its document, oldest first."""
    return (
        StockMove.objects.filter(lot=lot)
        .select_related("location__warehouse", "created_by")
        .order_by("created_at", "id")
    )


def lot_balances(lot: Lot):
    return (
        StockBalance.objects.filter(lot=lot)
        .exclude(on_hand=0, reserved=0)
        .select_related("location__warehouse")
        .order_by("location__warehouse__code", "location__code")
    )


def _in_scope(rows, *, warehouse=None, category=None):
    if warehouse is not None:
        rows = rows.filter(location__warehouse=warehouse)
    if category is not None:
        rows = rows.filter(product__category_id__in=category_descendant_ids(category.pk))
    return rows


def balances_are_nearer(at: datetime.date) -> bool:
    """Whether the stock at the end of ``at`` is best read as the balances less the moves since: the
    balances hold the sum of every move (``check_stock`` proves it), so this reads the moves after the
    day, which are fewer than the moves up to it when the day lies nearer today than the first move."""
    first = StockMove.objects.aggregate(first=Min("created_at"))["first"]
    today = timezone.localdate()
    return first is not None and today - at <= at - timezone.localdate(first)


def month_end_at(moment: datetime.datetime):
    """The closed month (月结, ``StockMonthEnd``) that ends at ``moment``, if ``moment`` is the start of a
    month in the company's time zone and the month before it is closed; else None."""
    local = timezone.localtime(moment)
    if local.day != 1 or local.time() != datetime.time.min:
        return None
    month = (local.date() - datetime.timedelta(days=1)).replace(day=1)
    return StockMonthEnd.objects.filter(month=month).first()


def _sums(rows, quantity: str) -> dict:
    return rows.aggregate(
        quantity=Coalesce(Sum(quantity), ZERO_QTY), value=Coalesce(Sum("value"), ZERO_VALUE)
    )


def stock_valuation(*, at: datetime.date, warehouse=None, category=None):
    """Quantity, value and average cost per product: the sum of its moves up to the end of ``at``."""
    fields = ("product_id", "product__sku", "product__name", "product__category__name", "product__unit__name")
    balances = _in_scope(StockBalance.objects.all(), warehouse=warehouse, category=category).values(*fields)
    if at >= timezone.localdate():
        rows = balances.annotate(quantity=Sum("on_hand"), value=Sum("value"))
    elif balances_are_nearer(at):
        # The product's moves since, summed in a subquery grouped on a constant: it has no GROUP BY, so it
        # gives one row (zero) even over no moves, and needs no Coalesce around it (that would be grouped on).
        since = _in_scope(StockMove.objects.filter(created_at__gte=day_end(at)), warehouse=warehouse)
        since = (
            since.filter(product_id=OuterRef("product_id")).order_by().annotate(all=Value(1)).values("all")
        )
        rows = balances.annotate(
            quantity=Sum("on_hand")
            - Subquery(since.annotate(s=Coalesce(Sum("quantity"), ZERO_QTY)).values("s")),
            value=Sum("value") - Subquery(since.annotate(s=Coalesce(Sum("value"), ZERO_VALUE)).values("s")),
        )
    else:
        moves = _in_scope(
            StockMove.objects.filter(created_at__lt=day_end(at)), warehouse=warehouse, category=category
        )
        rows = moves.values(*fields).annotate(quantity=Sum("quantity"), value=Sum("value"))
    return (
        rows.order_by("product__sku")
        .exclude(quantity=0, value=0)
        .annotate(
            average_cost=ExpressionWrapper(F("value") / NullIf(F("quantity"), Value(0)), output_field=COST)
        )
    )


def stock_valuation_totals(*, at: datetime.date, warehouse=None, category=None) -> dict:
    balances = _in_scope(StockBalance.objects.all(), warehouse=warehouse, category=category)
    if at >= timezone.localdate():
        return _sums(balances, "on_hand")
    if balances_are_nearer(at):
        since = StockMove.objects.filter(created_at__gte=day_end(at))
        since = _sums(_in_scope(since, warehouse=warehouse, category=category), "quantity")
        return {key: total - since[key] for key, total in _sums(balances, "on_hand").items()}
    moves = StockMove.objects.filter(created_at__lt=day_end(at))
    return _sums(_in_scope(moves, warehouse=warehouse, category=category), "quantity")


def near_expiry_balances(*, days: int, warehouse=None, today: datetime.date | None = None):
    """Balances of lots in stock that expire within ``days`` (expired ones included)."""
    today = today or timezone.localdate()
    balances = StockBalance.objects.filter(
        on_hand__gt=0, lot__isnull=False, lot__expiry_date__lte=today + datetime.timedelta(days=days)
    )
    if warehouse is not None:
        balances = balances.filter(location__warehouse=warehouse)
    return balances


def near_expiry(*, days: int, warehouse=None, today: datetime.date | None = None):
    """Stock of lots that expire within ``days`` (expired ones included), soonest first."""
    return (
        near_expiry_balances(days=days, warehouse=warehouse, today=today)
        .select_related("product__unit", "location__warehouse", "lot")
        .annotate(available=ExpressionWrapper(F("on_hand") - F("reserved"), output_field=QTY))
        .order_by("lot__expiry_date", "product__sku", "location__code")
    )


def goods_in_transit():
    """Transit balances (by destination warehouse) and the transfers on their way."""
    balances = (
        StockBalance.objects.filter(location__is_transit=True)
        .exclude(on_hand=0)
        .select_related("product__unit", "location__warehouse", "lot")
        .order_by("location__warehouse__code", "product__sku")
    )
    transfers = (
        Transfer.objects.filter(status=TransferStatus.IN_TRANSIT)
        .select_related("source_warehouse", "destination__warehouse")
        .annotate(value=Coalesce(Sum("lines__value"), ZERO_VALUE))
        .order_by("dispatched_at")
    )
    return balances, transfers


def _key_match(prefix=""):
    return Coalesce(F(f"{prefix}lot_id"), Value(0))


def stocktake_lines(stocktake: Stocktake):
    """Lines with expected quantity now (snapshot + net moves after it), variance and its value.

    Once posted the stored figures are used; before, they are worked out from the ledger.
    """
    lines = stocktake.lines.select_related("product__unit", "location", "lot")
    if stocktake.status == StocktakeStatus.POSTED:
        return lines.annotate(
            after=Coalesce(F("moves_after_snapshot"), ZERO_QTY),
            expected_now=F("expected_quantity") + Coalesce(F("moves_after_snapshot"), ZERO_QTY),
            variance=F("variance_quantity"),
            average_cost=F("unit_cost"),
            variance_value=ExpressionWrapper(F("variance_quantity") * F("unit_cost"), output_field=VALUE),
        )
    after = (
        StockMove.objects.annotate(lot_key=_key_match())
        .filter(
            product_id=OuterRef("product_id"),
            location_id=OuterRef("location_id"),
            lot_key=Coalesce(OuterRef("lot_id"), Value(0)),
            id__gt=stocktake.snapshot_move_id or 0,
        )
        .values("product_id")
        .annotate(total=Sum("quantity"))
        .values("total")
    )
    cost = (
        StockBalance.objects.annotate(lot_key=_key_match())
        .filter(
            product_id=OuterRef("product_id"),
            location_id=OuterRef("location_id"),
            lot_key=Coalesce(OuterRef("lot_id"), Value(0)),
        )
        .annotate(average=ExpressionWrapper(F("value") / NullIf(F("on_hand"), Value(0)), output_field=COST))
        .values("average")[:1]
    )
    if stocktake.snapshot_move_id is None:
        after_expr = ZERO_QTY
    else:
        after_expr = Coalesce(Subquery(after, output_field=QTY), ZERO_QTY)
    return lines.annotate(
        after=after_expr,
        expected_now=ExpressionWrapper(F("expected_quantity") + F("after"), output_field=QTY),
        variance=ExpressionWrapper(F("counted_quantity") - F("expected_now"), output_field=QTY),
        average_cost=Coalesce(
            Subquery(cost, output_field=COST), F("product__purchase_price"), output_field=COST
        ),
        variance_value=ExpressionWrapper(F("variance") * F("average_cost"), output_field=VALUE),
    )


def stocktake_variance_totals(lines) -> dict:
    totals = {"gain": Decimal("0"), "loss": Decimal("0"), "lines_with_variance": 0, "counted": 0}
    for line in lines:
        if line.counted_quantity is not None:
            totals["counted"] += 1
        value = line.variance_value or Decimal("0")
        if line.variance:
            totals["lines_with_variance"] += 1
        if value > 0:
            totals["gain"] += value
        else:
            totals["loss"] += value
    totals["net"] = totals["gain"] + totals["loss"]
    return totals


def stocktake_sheet(stocktake: Stocktake) -> bytes:
    """The count sheet as an Excel workbook: fill the ``counted`` column and upload it again."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = stocktake.number
    headers = ["line", "SKU", "product", "location", "lot", "expected", "counted"]
    if stocktake.blind:
        headers.remove("expected")
    sheet.append(headers)
    lines = StocktakeLine.objects.filter(stocktake=stocktake).select_related("product", "location", "lot")
    for line in lines:
        row = [
            line.pk,
            line.product.sku,
            line.product.name,
            line.location.code,
            line.lot.number if line.lot else "",
        ]
        if not stocktake.blind:
            row.append(float(line.expected_quantity))
        row.append(float(line.counted_quantity) if line.counted_quantity is not None else None)
        sheet.append(row)
    for column, width in zip("ABCDEFG", [8, 16, 40, 12, 14, 12, 12], strict=False):
        sheet.column_dimensions[column].width = width
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def low_stock_alerts(*, status=None):
    alerts = LowStockAlert.objects.select_related("product__unit", "warehouse", "acknowledged_by")
    if status:
        alerts = alerts.filter(status=status)
    return alerts


def open_alert_count() -> int:
    return LowStockAlert.objects.filter(status=AlertStatus.OPEN).count()


def lots_with_stock():
    """Lots with the quantity on hand over every location."""
    on_hand = (
        StockBalance.objects.filter(lot=OuterRef("pk"))
        .values("lot")
        .annotate(total=Sum("on_hand"))
        .values("total")
    )
    return Lot.objects.select_related("product").annotate(
        stock_on_hand=Coalesce(Subquery(on_hand, output_field=QTY), ZERO_QTY)
    )
