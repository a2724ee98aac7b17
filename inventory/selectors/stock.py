from decimal import Decimal

from django.db.models import Count, DecimalField, ExpressionWrapper, F, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from inventory.models import (
    Category,
    Location,
    Product,
    StockBalance,
    StockMonthEnd,
    StockMonthEndLine,
    StockMove,
    StockReservation,
)

ZERO = Value(Decimal("0"))
QTY = DecimalField(max_digits=14, decimal_places=3)
VALUE = DecimalField(max_digits=18, decimal_places=4)


def category_tree(*, active_only=True) -> list[tuple[Category, int]]:
    """All categories in tree order with their depth, from one query."""
    categories = Category.objects.all()
    if active_only:
        categories = categories.filter(is_active=True)
    children: dict[int | None, list[Category]] = {}
    for category in categories.order_by("name"):
        children.setdefault(category.parent_id, []).append(category)
    ordered = []

    def walk(parent_id, depth):
        for category in children.get(parent_id, []):
            ordered.append((category, depth))
            walk(category.pk, depth + 1)

    walk(None, 0)
    return ordered


def category_descendant_ids(category_id: int) -> set[int]:
    """The category and everything below it."""
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in Category.objects.values_list("pk", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    found, stack = set(), [category_id]
    while stack:
        current = stack.pop()
        found.add(current)
        stack.extend(children.get(current, []))
    return found


def stock_balances(*, queryset=None):
    queryset = queryset if queryset is not None else StockBalance.objects.all()
    return queryset.select_related("product__unit", "location__warehouse", "lot").annotate(
        available=ExpressionWrapper(F("on_hand") - F("reserved"), output_field=QTY)
    )


def stock_totals(queryset) -> dict:
    """On hand, reserved, available and value over the rows, and how many rows there are."""
    totals = queryset.aggregate(
        rows=Count("pk"),
        on_hand=Coalesce(Sum("on_hand"), ZERO, output_field=QTY),
        reserved=Coalesce(Sum("reserved"), ZERO, output_field=QTY),
        value=Coalesce(Sum("value"), ZERO, output_field=VALUE),
    )
    totals["available"] = totals["on_hand"] - totals["reserved"]
    return totals


def products_with_stock(*, queryset=None):
    """Products annotated with on hand, reserved and value over all locations (goods in transit included)
    and available: what the warehouses can use now, on hand less reserved, goods in transit not included."""
    queryset = queryset if queryset is not None else Product.objects.all()

    def total(expression, **filters):
        subquery = (
            StockBalance.objects.filter(product=OuterRef("pk"), **filters)
            .values("product")
            .annotate(total=Sum(expression))
            .values("total")
        )
        return Coalesce(Subquery(subquery), ZERO, output_field=VALUE)

    return queryset.annotate(
        stock_on_hand=total("on_hand"),
        stock_reserved=total("reserved"),
        stock_value=total("value"),
        stock_available=total(
            ExpressionWrapper(F("on_hand") - F("reserved"), output_field=QTY), location__is_transit=False
        ),
    )


def products_below_safety_stock():
    """Active products with a safety stock whose available stock (on hand less reserved, outside transit)
    is below it, annotated as ``products_with_stock`` annotates them.

    The products with enough are found in one pass over the balances with stock, grouped by product
    (a balance with nothing on hand has nothing reserved, so adds nothing): a sum per product, worked out
    for each of 50,000 products, took the dashboard half a second."""
    stock_locations = Location.objects.filter(is_transit=False).values("pk")
    enough = (
        StockBalance.objects.filter(on_hand__gt=0, location__in=stock_locations)
        .values("product_id")
        .annotate(available=Sum(ExpressionWrapper(F("on_hand") - F("reserved"), output_field=QTY)))
        .filter(available__gte=F("product__safety_stock"))
        .values("product_id")
    )
    return products_with_stock(
        queryset=Product.objects.filter(is_active=True, safety_stock__gt=0).exclude(pk__in=enough)
    )


def stock_moves(*, queryset=None):
    queryset = queryset if queryset is not None else StockMove.objects.all()
    return queryset.select_related("product", "location__warehouse", "lot", "created_by")


def stock_ledger_mismatches() -> list[dict]:
    """Every (product, location, lot) whose moves do not add up to its balance, whose reservations do not
    add up to its reserved quantity, or that holds value with nothing on hand. Aggregated in the database;
    an empty list means all is exact."""
    ledger = {
        (row["product_id"], row["location_id"], row["lot_id"]): row
        for row in StockMove.objects.values("product_id", "location_id", "lot_id")
        .order_by()
        .annotate(quantity=Sum("quantity"), value=Sum("value"))
    }
    reserved = {
        (row["product_id"], row["location_id"], row["lot_id"]): row["quantity"]
        for row in StockReservation.objects.values("product_id", "location_id", "lot_id")
        .order_by()
        .annotate(quantity=Sum("quantity"))
    }
    mismatches = []

    def add(key, what, ledger_value, balance_value):
        product, location, lot = key
        mismatches.append(
            {
                "product": product,
                "location": location,
                "lot": lot or "-",
                "what": what,
                "ledger": ledger_value,
                "balance": balance_value,
            }
        )

    seen = set()
    for balance in StockBalance.objects.values(
        "product_id", "location_id", "lot_id", "on_hand", "reserved", "value"
    ):
        key = (balance["product_id"], balance["location_id"], balance["lot_id"])
        seen.add(key)
        row = ledger.get(key, {"quantity": Decimal("0"), "value": Decimal("0")})
        if row["quantity"] != balance["on_hand"]:
            add(key, "on hand", row["quantity"], balance["on_hand"])
        if row["value"] != balance["value"]:
            add(key, "value", row["value"], balance["value"])
        elif balance["on_hand"] == 0 and balance["value"] != 0:
            # The last unit out takes the value left, and the reports read value only where there is stock.
            add(key, "value with nothing on hand", Decimal("0"), balance["value"])
        if reserved.get(key, Decimal("0")) != balance["reserved"]:
            add(key, "reserved", reserved.get(key, Decimal("0")), balance["reserved"])
    for key, row in ledger.items():
        if key not in seen:
            add(key, "on hand", row["quantity"], None)
    for key, quantity in reserved.items():
        if key not in seen:
            add(key, "reserved", quantity, None)
    return mismatches + month_end_mismatches()


def month_end_mismatches() -> list[dict]:
    """Every closed month's product (月结, ``StockMonthEndLine``) whose quantity or value is not the sum of
    its moves before the month's end, in one pass over the moves summed by product and month."""
    closed = sorted(StockMonthEnd.objects.values_list("month", flat=True))
    if not closed:
        return []
    kept = {
        (row["month_end__month"], row["product_id"]): (row["quantity"], row["value"])
        for row in StockMonthEndLine.objects.values("month_end__month", "product_id", "quantity", "value")
    }
    by_month = (
        StockMove.objects.annotate(month=TruncMonth("created_at"))
        .values("product_id", "month")
        .annotate(quantity=Sum("quantity"), value=Sum("value"))
        .order_by("product_id", "month")
    )
    moved: dict[int, list] = {}
    for row in by_month.iterator(chunk_size=10000):
        month = timezone.localtime(row["month"]).date()
        moved.setdefault(row["product_id"], []).append((month, row["quantity"], row["value"]))
    zero = (Decimal("0"), Decimal("0"))
    mismatches = []
    for product in set(moved) | {product for _month, product in kept}:
        months, quantity, value = moved.get(product, []), Decimal("0"), Decimal("0")
        index = 0
        for month in closed:
            while index < len(months) and months[index][0] <= month:
                quantity, value = quantity + months[index][1], value + months[index][2]
                index += 1
            expected, found = (quantity, value), kept.get((month, product), zero)
            for what, ledger, kept_figure in zip(("quantity", "value"), expected, found, strict=True):
                if ledger != kept_figure:
                    mismatches.append(
                        {
                            "product": product,
                            "location": f"month end {month:%Y-%m}",
                            "lot": "-",
                            "what": what,
                            "ledger": ledger,
                            "balance": kept_figure,
                        }
                    )
    return mismatches
