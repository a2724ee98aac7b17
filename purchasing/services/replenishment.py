"""Replenishment suggestions (补货建议): what to order of each product, and from whom.

The formula, per product, company-wide (it is also explained on the suggestions page):

- Net sales of day *t* of the window (*t* = 1 for the oldest day, *W* for yesterday): units shipped to
  customers and sent as exchange replacements, less units customers returned, from the stock ledger.
- Average daily demand *a* = total of the window / *W*.
- Trend *b* (units per day, per day): the slope of the least-squares line through the daily figures,
  b = Σ(t − t̄)·y_t / Σ(t − t̄)², with t̄ = (W + 1) / 2 and Σ(t − t̄)² = W(W² − 1) / 12.
- Forecast daily demand *f*: the line's value in the middle of the coming lead time and cover days,
  f = max(0, a + b·(W + (L + C + 1) / 2 − t̄)).
- Reorder point = f·L + safety stock; order-up-to level = f·(L + C) + safety stock.
- Stock position = available (on hand less reserved, goods in transit included) + on order (the open
  quantity of purchase orders not yet received, drafts included, so an order made from a suggestion is
  not suggested again).
- When the position is below the reorder point, suggest order-up-to level − position, raised to the
  supplier's minimum order quantity and the product's reorder quantity, rounded up to a whole unit for
  products not sold in fractions.

*L* is the lead time of the product's preferred supplier (else its cheapest active supplier, else
``DEFAULT_LEAD_TIME_DAYS``), *C* the days of cover an order should last beyond the lead time.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

from django.db import connection, transaction
from django.db.models import F, Q, Sum, Value
from django.db.models.functions import Greatest, TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from common.exceptions import DomainError
from common.notifications import notify_permission_holders
from common.notifications.choices import NotificationKind
from inventory.choices import MoveType
from inventory.models import Product, StockBalance, StockMove
from purchasing.choices import PurchaseOrderStatus, SuggestionStatus
from purchasing.models import PurchaseOrderLine, ReplenishmentRun, ReplenishmentSuggestion
from purchasing.services.orders import OrderLineData, purchase_order_create
from suppliers.models import SupplierProduct

DEFAULT_WINDOW_DAYS = 90
DEFAULT_COVER_DAYS = 14
DEFAULT_LEAD_TIME_DAYS = 7
SOLD = [MoveType.SHIPMENT, MoveType.EXCHANGE_OUT, MoveType.CUSTOMER_RETURN]
ON_ORDER_STATUSES = [
    PurchaseOrderStatus.DRAFT,
    PurchaseOrderStatus.SUBMITTED,
    PurchaseOrderStatus.APPROVED,
    PurchaseOrderStatus.PARTIALLY_RECEIVED,
]
VIEW_PERMISSION = "purchasing.view_replenishmentsuggestion"
QTY = Decimal("0.001")
RATE = Decimal("0.0001")
ZERO = Decimal("0")
# Serialises runs with each other and with turning suggestions into orders (PostgreSQL only; SQLite
# already lets one writer at a time).
LOCK_KEY = 7_202_611


@dataclass(frozen=True)
class Terms:
    supplier_id: int | None
    lead_time_days: int
    minimum_order_quantity: Decimal
    unit_price: Decimal | None


@dataclass(frozen=True)
class Demand:
    total: Decimal
    average: Decimal
    trend: Decimal


def replenishment_lock() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])


def demand_fit(daily: dict[int, Decimal], window_days: int) -> Demand:
    """Average and least-squares trend of daily net sales; ``daily`` maps day 1..W to units (gaps are 0)."""
    w = Decimal(window_days)
    total = sum(daily.values(), ZERO)
    weighted = sum((Decimal(t) * y for t, y in daily.items()), ZERO)
    mean_t = (w + 1) / 2
    spread = w * (w * w - 1) / 12
    trend = (weighted - mean_t * total) / spread if spread else ZERO
    return Demand(total=total, average=total / w, trend=trend)


def forecast_daily(demand: Demand, *, window_days: int, horizon_days: int) -> Decimal:
    mean_t = (Decimal(window_days) + 1) / 2
    at = Decimal(window_days) + (Decimal(horizon_days) + 1) / 2
    return max(ZERO, demand.average + demand.trend * (at - mean_t))


def suggested_quantity(
    *,
    forecast: Decimal,
    lead_time_days: int,
    cover_days: int,
    safety_stock: Decimal,
    position: Decimal,
    minimum_order_quantity: Decimal,
    reorder_quantity: Decimal,
    fractional: bool,
) -> tuple[Decimal, Decimal, Decimal]:
    """(reorder point, order-up-to level, quantity to order — zero when the position is high enough)."""
    reorder_point = (forecast * lead_time_days + safety_stock).quantize(QTY, ROUND_HALF_UP)
    order_up_to = (forecast * (lead_time_days + cover_days) + safety_stock).quantize(QTY, ROUND_HALF_UP)
    if position >= reorder_point:
        return reorder_point, order_up_to, ZERO
    quantity = max(order_up_to - position, minimum_order_quantity, reorder_quantity)
    step = QTY if fractional else Decimal("1")
    return reorder_point, order_up_to, quantity.quantize(step, ROUND_CEILING)


def _daily_sales(start, end) -> dict[int, dict[int, Decimal]]:
    """product id -> {day index: net units sold}; day 1 is ``start``."""
    moves = (
        StockMove.objects.filter(created_at__date__gte=start, created_at__date__lte=end)
        .filter(Q(move_type__in=SOLD) | Q(move_type=MoveType.REVERSAL, reverses__move_type__in=SOLD))
        .annotate(day=TruncDate("created_at"))
        .values("product_id", "day")
        .annotate(quantity=Sum("quantity"))
        .values_list("product_id", "day", "quantity")
    )
    daily = defaultdict(dict)
    for product_id, day, quantity in moves.iterator(chunk_size=5000):
        if quantity:
            daily[product_id][(day - start).days + 1] = -quantity
    return daily


def _available() -> dict[int, Decimal]:
    rows = StockBalance.objects.values("product_id").annotate(total=Sum(F("on_hand") - F("reserved")))
    return {row["product_id"]: row["total"] for row in rows}


def _on_order() -> dict[int, Decimal]:
    rows = (
        PurchaseOrderLine.objects.filter(order__status__in=ON_ORDER_STATUSES)
        .values("product_id")
        .annotate(total=Sum(Greatest(F("quantity") - F("accepted_quantity"), Value(ZERO))))
    )
    return {row["product_id"]: row["total"] for row in rows}


def _terms() -> dict[int, Terms]:
    """The supplier each product is ordered from: the preferred one, else the cheapest active one."""
    terms = {}
    rows = (
        SupplierProduct.objects.filter(is_active=True, supplier__is_active=True)
        .order_by("product_id", "-is_preferred", "unit_price", "pk")
        .values_list("product_id", "supplier_id", "lead_time_days", "minimum_order_quantity", "unit_price")
    )
    for product_id, supplier_id, lead_time, moq, price in rows.iterator(chunk_size=5000):
        terms.setdefault(product_id, Terms(supplier_id, lead_time, moq, price or None))
    return terms


def replenishment_compute(
    *,
    window_days: int = DEFAULT_WINDOW_DAYS,
    cover_days: int = DEFAULT_COVER_DAYS,
    by=None,
    today=None,
) -> dict:
    """Recompute every open suggestion: the previous open ones are superseded by this run's.

    Runs nightly (``purchasing.tasks.replenishment_suggest``) and when a user asks. Safe to run twice or
    at the same time as another run: runs take turns on one lock and each leaves one open suggestion per
    product.
    """
    if not 7 <= window_days <= 365:
        raise DomainError(_("The demand window must be between 7 and 365 days."), field="window_days")
    if not 0 <= cover_days <= 365:
        raise DomainError(_("The days of cover must be between 0 and 365."), field="cover_days")
    today = today or timezone.localdate()
    start, end = today - timedelta(days=window_days), today - timedelta(days=1)
    no_terms = Terms(None, DEFAULT_LEAD_TIME_DAYS, ZERO, None)
    with transaction.atomic():
        replenishment_lock()
        run = ReplenishmentRun.objects.create(
            started_at=timezone.now(), window_days=window_days, cover_days=cover_days, requested_by=by
        )
        daily = _daily_sales(start, end)
        available, on_order, terms = _available(), _on_order(), _terms()
        products = Product.objects.filter(is_active=True).values_list(
            "pk", "safety_stock", "reorder_quantity", "purchase_price", "unit__is_fractional"
        )
        suggestions, checked = [], 0
        for product_id, safety_stock, reorder_quantity, purchase_price, fractional in products.iterator(
            chunk_size=5000
        ):
            if product_id not in daily and not safety_stock:
                continue  # nothing sold and no safety stock: nothing to keep in stock
            checked += 1
            demand = demand_fit(daily.get(product_id, {}), window_days)
            term = terms.get(product_id, no_terms)
            forecast = forecast_daily(
                demand, window_days=window_days, horizon_days=term.lead_time_days + cover_days
            )
            stock, ordered = available.get(product_id, ZERO), on_order.get(product_id, ZERO)
            reorder_point, order_up_to, quantity = suggested_quantity(
                forecast=forecast,
                lead_time_days=term.lead_time_days,
                cover_days=cover_days,
                safety_stock=safety_stock,
                position=stock + ordered,
                minimum_order_quantity=term.minimum_order_quantity,
                reorder_quantity=reorder_quantity,
                fractional=fractional,
            )
            if quantity <= 0:
                continue
            suggestions.append(
                ReplenishmentSuggestion(
                    run=run,
                    product_id=product_id,
                    supplier_id=term.supplier_id,
                    demand_in_window=demand.total,
                    average_daily_demand=demand.average.quantize(RATE, ROUND_HALF_UP),
                    trend_per_day=demand.trend.quantize(RATE, ROUND_HALF_UP),
                    forecast_daily_demand=forecast.quantize(RATE, ROUND_HALF_UP),
                    lead_time_days=term.lead_time_days,
                    safety_stock=safety_stock,
                    available=stock,
                    on_order=ordered,
                    reorder_point=reorder_point,
                    order_up_to=order_up_to,
                    minimum_order_quantity=term.minimum_order_quantity,
                    quantity=quantity,
                    unit_price=term.unit_price if term.unit_price is not None else purchase_price,
                )
            )
        ReplenishmentSuggestion.objects.filter(status=SuggestionStatus.OPEN).update(
            status=SuggestionStatus.SUPERSEDED
        )
        ReplenishmentSuggestion.objects.bulk_create(suggestions, batch_size=2000)
        run.finished_at = timezone.now()
        run.products_checked, run.suggestion_count = checked, len(suggestions)
        run.save(update_fields=["finished_at", "products_checked", "suggestion_count"])
        if suggestions:
            _notify_ready(run)
    return {"run": run.pk, "products_checked": checked, "suggestions": len(suggestions)}


def _notify_ready(run: ReplenishmentRun) -> None:
    subject = ngettext(
        "%(count)s replenishment suggestion is ready",
        "%(count)s replenishment suggestions are ready",
        run.suggestion_count,
    ) % {"count": run.suggestion_count}
    notify_permission_holders(
        permission=VIEW_PERMISSION,
        kind=NotificationKind.REPLENISHMENT_READY,
        subject=subject,
        body=_("Computed from the sales of the last %(days)s days. Review them and create purchase orders.")
        % {"days": run.window_days},
        url=reverse("purchasing:replenishment"),
    )


def replenishment_order(*, suggestion_ids, warehouse, by, order_date=None) -> list:
    """Turn open suggestions into draft purchase orders, one per supplier, in one transaction.

    Suggestions already ordered or superseded (a second click, a run in between) are refused as a whole,
    so the user never gets half of what they selected.
    """
    order_date = order_date or timezone.localdate()
    ids = sorted({int(pk) for pk in suggestion_ids})
    if not ids:
        raise DomainError(_("Select at least one suggestion."))
    with transaction.atomic():
        replenishment_lock()
        suggestions = list(
            ReplenishmentSuggestion.objects.select_for_update(of=("self",))
            .filter(pk__in=ids)
            .select_related("product", "supplier")
            .order_by("pk")
        )
        if len(suggestions) != len(ids) or any(s.status != SuggestionStatus.OPEN for s in suggestions):
            raise DomainError(
                _(
                    "Some of the selected suggestions were ordered or recomputed meanwhile; "
                    "nothing was ordered."
                )
            )
        if missing := [s.product.sku for s in suggestions if s.supplier is None]:
            raise DomainError(
                _("No supplier is set for %(products)s: add the supplier's terms for these products first.")
                % {"products": ", ".join(missing)}
            )
        by_supplier = defaultdict(list)
        for suggestion in suggestions:
            by_supplier[suggestion.supplier].append(suggestion)
        orders = []
        for supplier, group in sorted(by_supplier.items(), key=lambda item: item[0].code):
            lead_time = max(s.lead_time_days for s in group)
            order = purchase_order_create(
                supplier=supplier,
                warehouse=warehouse,
                order_date=order_date,
                expected_date=order_date + timedelta(days=lead_time),
                lines=[OrderLineData(s.product, s.quantity, s.unit_price) for s in group],
                note=_("From replenishment suggestions"),
                by=by,
            )
            ReplenishmentSuggestion.objects.filter(pk__in=[s.pk for s in group]).update(
                status=SuggestionStatus.ORDERED, purchase_order=order
            )
            orders.append(order)
    return orders
