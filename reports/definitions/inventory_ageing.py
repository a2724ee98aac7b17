"""呆滞/慢动库存 (slow-moving stock) and 库龄分析 (stock ageing), from the stock ledger.

Both group the moves of the chosen scope (every location, or one warehouse with its transit location)
by product in one pass over the ledger: on hand and value are the sum of the moves, which the ledger's
invariant keeps equal to the balances, so the value is at moving-average cost.

Arrivals are what brings goods into the scope: opening stock, goods receipts, customer returns and
stock found by a count (a reversal taking an arrival back counts against it). Transfers only move
goods between the company's own locations and are ignored, unless one warehouse is chosen: then goods
transferred from another warehouse arrive on the day they were dispatched (from then on they lie in
that warehouse's transit location); transfers inside the warehouse are still ignored.

Ageing assumes first-in-first-out consumption, so the units on hand are the latest arrivals. The
running total of the arrivals, newest first, set against the quantity on hand gives each unit's
arrival date; at a bucket boundary D that is: units younger than D days = least(on hand, arrivals of
the last D days). Each bucket is the difference of two such figures and the oldest bucket takes what
no recorded arrival explains. These are conditional sums of one grouped query, so the database reads
the ledger once and never sends a move to Python, at any number of moves.
"""

import datetime
from decimal import Decimal

from django import forms
from django.db.models import (
    DateField,
    DecimalField,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    Max,
    Q,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Greatest, Least, NullIf, TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from inventory.choices import MoveType
from inventory.forms import CategoryChoiceField
from inventory.models import StockMove, Transfer, Warehouse
from inventory.selectors import category_descendant_ids
from reports.framework import Column, Report, ReportFilterForm, ratio, register

QUANTITY = DecimalField(max_digits=18, decimal_places=3)
VALUE = DecimalField(max_digits=20, decimal_places=4)
ZERO_QUANTITY = Value(Decimal("0"), output_field=QUANTITY)
ARRIVAL_TYPES = [MoveType.OPENING, MoveType.RECEIPT, MoveType.CUSTOMER_RETURN, MoveType.COUNT_ADJUSTMENT]
TO_CUSTOMERS = [MoveType.SHIPMENT, MoveType.EXCHANGE_OUT]
SLOW_DAYS = 90
# Upper bounds (in days) of the age buckets; the last bucket is everything older.
BUCKET_LIMITS = (30, 60, 90, 180)
BUCKETS = [  # key, label of the quantity, label of the value
    ("age_0_30", _("0–30 days"), _("0–30 days value")),
    ("age_31_60", _("31–60 days"), _("31–60 days value")),
    ("age_61_90", _("61–90 days"), _("61–90 days value")),
    ("age_91_180", _("91–180 days"), _("91–180 days value")),
    ("age_over_180", _("over 180 days"), _("over 180 days value")),
]


class DaysBetween(Func):
    """Whole days from the second date to the first, on PostgreSQL and on the embedded SQLite."""

    arg_joiner = " - "
    template = "(%(expressions)s)"
    output_field = IntegerField()

    def as_sqlite(self, compiler, connection, **extra_context):
        end_sql, end_params = compiler.compile(self.source_expressions[0])
        start_sql, start_params = compiler.compile(self.source_expressions[1])
        return f"CAST(julianday({end_sql}) - julianday({start_sql}) AS INTEGER)", (*end_params, *start_params)


def day_start(days_ago: int) -> datetime.datetime:
    """The start of the local day ``days_ago`` days before today: a move at or after it is that young."""
    day = timezone.localdate() - datetime.timedelta(days=days_ago)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def arrivals(warehouse: Warehouse | None) -> Q:
    """The moves that bring goods into the company, or into ``warehouse`` when one is given."""
    condition = Q(move_type__in=ARRIVAL_TYPES, quantity__gt=0) | Q(
        move_type=MoveType.REVERSAL, quantity__lt=0
    )
    if warehouse is not None:
        from_elsewhere = Transfer.objects.filter(destination__warehouse=warehouse).exclude(
            source_warehouse=warehouse
        )
        condition |= Q(
            move_type=MoveType.TRANSFER_IN,
            location__is_transit=True,
            document_type=Transfer._meta.label_lower,
            document_id__in=from_elsewhere.values("pk"),
        )
    return condition


class AgeingFilterForm(ReportFilterForm):
    q = forms.CharField(label=_("search"), max_length=100)
    warehouse = forms.ModelChoiceField(
        label=_("warehouse"), queryset=Warehouse.objects.all(), empty_label=_("All warehouses")
    )
    category = CategoryChoiceField(label=_("category"), empty_label=_("All categories"))


def stock_by_product(filters: dict):
    """Moves of the filtered scope grouped by product, with on hand and value; only products in stock."""
    moves = StockMove.objects.all()
    if filters.get("warehouse"):
        moves = moves.filter(location__warehouse=filters["warehouse"])
    if filters.get("category"):
        moves = moves.filter(product__category_id__in=category_descendant_ids(filters["category"].pk))
    for word in (filters.get("q") or "").split():
        moves = moves.filter(
            Q(product__sku__icontains=word)
            | Q(product__name__icontains=word)
            | Q(product__barcode__icontains=word)
        )
    # Grouped by the product id alone, so the database sums the moves in one hash aggregate; the
    # product's own fields are one value per group, taken with Max rather than grouped on.
    return (
        moves.values("product_id")
        .annotate(
            sku=Max("product__sku"),
            name=Max("product__name"),
            category=Max("product__category__name"),
            unit=Max("product__unit__name"),
            on_hand=Sum("quantity"),
            value=Sum("value"),
        )
        .filter(on_hand__gt=0)
    )


def average_cost():
    return ExpressionWrapper(F("value") / NullIf(F("on_hand"), ZERO_QUANTITY), output_field=VALUE)


PRODUCT_COLUMNS = [
    Column("sku", _("SKU")),
    Column("name", _("name"), width=30),
    Column("category", _("category")),
    Column("unit", _("unit"), width=8),
    Column("on_hand", _("on hand"), kind="quantity", total=True),
    Column("value", _("value"), kind="money", total=True),
]


class SlowMovingFilterForm(AgeingFilterForm):
    days = forms.IntegerField(
        label=_("no shipment for (days)"), min_value=1, max_value=3650, initial=SLOW_DAYS
    )
    slow_movers = forms.BooleanField(
        label=_("also slow movers (shipped less than on hand)"),
    )

    field_order = ["days", "q", "warehouse", "category", "slow_movers"]


@register
class SlowMovingStockReport(Report):
    slug = "slow-moving-stock"
    title = _("Slow-moving stock")
    description = _(
        "Products in stock (transit included) not shipped to any customer for the chosen number of days, "
        "or never: outbound means deliveries and exchange replacements to customers; transfers, "
        "returns to suppliers, scrap and count adjustments are not sales and do not count. Value at "
        "moving-average cost. The last arrival is the last receipt, opening stock, customer return or "
        "stock found by a count (with a warehouse chosen, also goods transferred in from another "
        "warehouse). An empty last shipment means never shipped."
    )
    section = _("Inventory")
    permission = "reports.view_stock_report"
    filter_form_class = SlowMovingFilterForm
    default_sort = ("-value", "sku")
    columns = [
        *PRODUCT_COLUMNS,
        Column("last_arrival", _("last arrival"), kind="date"),
        Column("last_shipment", _("last shipment to a customer"), kind="date"),
        Column("days_since_shipment", _("days since last shipment"), kind="integer"),
        Column("shipped_in_period", _("shipped in the period"), kind="quantity", total=True),
    ]

    def queryset(self, filters):
        days = filters.get("days") or SLOW_DAYS
        since = day_start(days)
        to_customers = Q(move_type__in=TO_CUSTOMERS, quantity__lt=0)
        rows = stock_by_product(filters).annotate(
            last_arrival=TruncDate(Max("created_at", filter=arrivals(filters.get("warehouse")))),
            last_shipped_at=Max("created_at", filter=to_customers),
            shipped_in_period=Coalesce(
                -Sum("quantity", filter=to_customers & Q(created_at__gte=since)), ZERO_QUANTITY
            ),
        )
        if filters.get("slow_movers"):
            rows = rows.filter(shipped_in_period__lt=F("on_hand"))
        else:
            rows = rows.filter(Q(last_shipped_at__lt=since) | Q(last_shipped_at__isnull=True))
        return rows.annotate(last_shipment=TruncDate("last_shipped_at")).annotate(
            days_since_shipment=DaysBetween(
                Value(timezone.localdate(), output_field=DateField()), F("last_shipment")
            )
        )


class StockAgeingFilterForm(AgeingFilterForm):
    show = forms.ChoiceField(
        label=_("age buckets show"),
        choices=[("value", _("Value")), ("quantity", _("Quantity")), ("both", _("Quantity and value"))],
        initial="value",
    )


@register
class StockAgeingReport(Report):
    slug = "stock-ageing"
    title = _("Stock ageing")
    description = _(
        "Quantity and value on hand (transit included) by how long ago the units came in, assuming "
        "first-in-first-out: the units on hand are the latest arrivals (receipts, opening stock, customer "
        "returns, stock found by a count; with a warehouse chosen, also goods transferred in from another "
        "warehouse, from the day they were dispatched). Transfers inside the company do not make goods "
        "younger. Stock older than every recorded arrival counts as over 180 days. Values at each "
        "product's current moving-average cost."
    )
    section = _("Inventory")
    permission = "reports.view_stock_report"
    filter_form_class = StockAgeingFilterForm
    default_sort = ("-value", "sku")

    def get_columns(self) -> list[Column]:
        show = (self.filters or {}).get("show") or "value"
        columns = [
            *PRODUCT_COLUMNS,
            Column("average_cost", _("average cost"), kind="cost", total=ratio("value", "on_hand")),
        ]
        for key, quantity_label, value_label in BUCKETS:
            if show in ("quantity", "both"):
                columns.append(Column(key, quantity_label, kind="quantity", total=True))
            if show in ("value", "both"):
                columns.append(Column(f"{key}_value", value_label, kind="money", total=True))
        return columns

    def queryset(self, filters):
        arrived = arrivals(filters.get("warehouse"))
        bands, newer = {}, None
        for days in BUCKET_LIMITS:  # the arrivals between two limits, newest first
            since = day_start(days)
            period = Q(created_at__gte=since) & (Q() if newer is None else Q(created_at__lt=newer))
            bands[f"arrived_{days}"] = Coalesce(Sum("quantity", filter=arrived & period), ZERO_QUANTITY)
            newer = since
        rows = stock_by_product(filters).annotate(**bands)
        # Units younger than each limit: the running total of the arrivals up to it against the stock on
        # hand. A band never counts below zero (a reversal dated after the arrival it takes back could
        # make it so), so the figure never falls from one limit to the next.
        younger, arrived_so_far = {}, None
        for days in BUCKET_LIMITS:
            band = Greatest(F(f"arrived_{days}"), ZERO_QUANTITY, output_field=QUANTITY)
            arrived_so_far = band if arrived_so_far is None else arrived_so_far + band
            younger[days] = Least(F("on_hand"), arrived_so_far, output_field=QUANTITY)
        rows = rows.annotate(average_cost=average_cost(), **{f"younger_{d}": e for d, e in younger.items()})
        bounds = [f"younger_{days}" for days in BUCKET_LIMITS]
        quantities = {}
        for (key, *_labels), lower, upper in zip(BUCKETS, [None, *bounds], [*bounds, "on_hand"], strict=True):
            older = ZERO_QUANTITY if lower is None else F(lower)
            quantities[key] = ExpressionWrapper(F(upper) - older, output_field=QUANTITY)
        rows = rows.annotate(**quantities)
        return rows.annotate(
            **{
                f"{key}_value": ExpressionWrapper(F(key) * F("average_cost"), output_field=VALUE)
                for key, *_labels in BUCKETS
            }
        )
