"""呆滞/慢动库存 (slow-moving stock) and 库龄分析 (stock ageing), from the stock ledger.

Both group the balances of the chosen scope (every location, or one warehouse with its transit location)
by product: on hand and value are the sum of the moves, which the ledger's invariant keeps equal to the
balances, so the value is at moving-average cost. What a row needs from the moves (the last arrival and
shipment, the arrivals of the last months) is a subquery per product that an index on the product's
shipments or arrivals by time answers without reading the rest of the ledger.

Arrivals are what brings goods into the scope: opening stock, goods receipts, customer returns and
stock found by a count (a reversal taking an arrival back counts against it). Transfers only move
goods between the company's own locations and are ignored, unless one warehouse is chosen: then goods
transferred from another warehouse arrive on the day they were dispatched (from then on they lie in
that warehouse's transit location); transfers inside the warehouse are still ignored.

Ageing assumes first-in-first-out consumption, so the units on hand are the latest arrivals. The
running total of the arrivals, newest first, set against the quantity on hand gives each unit's
arrival date; at a bucket boundary D that is: units younger than D days = least(on hand, arrivals of
the last D days). Each bucket is the difference of two such figures and the oldest bucket takes what
no recorded arrival explains. The database works them out and never sends a move to Python: the recent
arrivals grouped once by product and joined to the grouped balances (``django_cte``), so that the page,
its count and its totals are one pass over each.
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
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Greatest, Least, NullIf, TruncDate
from django.db.models.sql.constants import LOUTER
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django_cte import CTE, with_cte

from inventory.choices import MoveType
from inventory.forms import CategoryChoiceField
from inventory.models import Product, StockBalance, StockMove, Transfer, Warehouse
from inventory.selectors import category_descendant_ids
from reports.framework import Column, Report, ReportFilterForm, midnight, ratio, register

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
    return midnight(timezone.localdate() - datetime.timedelta(days=days_ago))


# The moves that bring goods into the company (the partial index move_arrival_product_time holds them).
ARRIVED = Q(move_type__in=ARRIVAL_TYPES, quantity__gt=0) | Q(move_type=MoveType.REVERSAL, quantity__lt=0)


def transferred_in(warehouse: Warehouse) -> Q:
    """Goods dispatched to ``warehouse`` from another one, arriving in its transit location."""
    from_elsewhere = Transfer.objects.filter(destination__warehouse=warehouse).exclude(
        source_warehouse=warehouse
    )
    return Q(
        move_type=MoveType.TRANSFER_IN,
        location__in=list(warehouse.locations.filter(is_transit=True).values_list("pk", flat=True)),
        document_type=Transfer._meta.label_lower,
        document_id__in=from_elsewhere.values("pk"),
    )


def arrivals(warehouse: Warehouse | None) -> Q:
    """The moves that bring goods into the company, or into ``warehouse`` when one is given."""
    return ARRIVED if warehouse is None else ARRIVED | transferred_in(warehouse)


class AgeingFilterForm(ReportFilterForm):
    q = forms.CharField(label=_("search"), max_length=100)
    warehouse = forms.ModelChoiceField(
        label=_("warehouse"), queryset=Warehouse.objects.all(), empty_label=_("All warehouses")
    )
    category = CategoryChoiceField(label=_("category"), empty_label=_("All categories"))


def products_in_stock(filters: dict):
    """The balances of the filtered scope grouped by product, with on hand and value; only products in stock.

    A balance holds the sum of its moves (``check_stock`` proves it) in a fraction of the rows, and a
    balance with nothing on hand holds no value (the last unit out takes what is left), so only the
    rows with stock are read.
    """
    return stock_by_product(filters).annotate(**product_columns())


def stock_by_product(filters: dict):
    """The balances with stock of the filtered scope, summed by product: on hand and value."""
    balances = StockBalance.objects.filter(on_hand__gt=0)
    if filters.get("warehouse"):
        balances = balances.filter(location__warehouse=filters["warehouse"])
    if filters.get("category"):
        balances = balances.filter(product__category_id__in=category_descendant_ids(filters["category"].pk))
    for word in (filters.get("q") or "").split():
        balances = balances.filter(
            Q(product__sku__icontains=word)
            | Q(product__name__icontains=word)
            | Q(product__barcode__icontains=word)
        )
    return balances.values("product_id").annotate(on_hand=Sum("on_hand"), value=Sum("value"))


def product_fields(**fields):
    """The row's product's ``fields`` (key=lookup), each a lookup by the product id. Rows grouped by the
    product id alone are summed in one hash aggregate, and the lookups, which the totals never make, are
    made for the page's rows only (or for every row when sorted by one of them)."""
    product = Product.objects.filter(pk=OuterRef("product_id")).order_by()
    return {key: Subquery(product.values(lookup)) for key, lookup in fields.items()}


def product_columns():
    return product_fields(sku="sku", name="name", category="category__name", unit="unit__name")


def looked_up_product_columns():
    """The product's fields for rows of one product each but the SKU, which orders the rows and is joined
    (cheaper than a lookup for every row when sorting): looked up for the page's rows."""
    return product_fields(name="name", category="category__name", unit="unit__name")


def moves_in_scope(filters: dict):
    """The moves of the filtered scope; a warehouse's locations are named, so that a subquery per product
    filters its moves by location within the index rather than joining the locations for every product."""
    moves = StockMove.objects.all()
    if filters.get("warehouse"):
        moves = moves.filter(location__in=list(filters["warehouse"].locations.values_list("pk", flat=True)))
    return moves


def latest(moves, day=None):
    """``day`` of the latest of ``moves`` of the row's product (by default its local date): a plain subquery,
    so the rows stay grouped by the product alone, and the database works it out for a page's rows only."""
    moves = moves.filter(product_id=OuterRef("product_id")).order_by("-created_at")
    return Subquery(moves.values(day=day or TruncDate("created_at"))[:1])


def total(moves, expression, zero=ZERO_QUANTITY):
    """``expression`` (a sum) over ``moves`` of the row's product, ``zero`` when there are none (unless
    ``zero`` is None), as a plain subquery: one wrapped in Coalesce would be grouped on. Grouped on a
    constant, the subquery has no GROUP BY and so gives one row even over no moves."""
    moves = moves.filter(product_id=OuterRef("product_id")).order_by().annotate(all=Value(1)).values("all")
    return Subquery(
        moves.annotate(total=expression if zero is None else Coalesce(expression, zero)).values("total")
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


class ProductStockReport(Report):
    """A report of one row per product, counted in its page's query."""

    section = _("Inventory")
    permission = "reports.view_stock_report"
    default_sort = ("-value", "sku")
    count_in_page = True
    sku = "sku"

    def ordering(self):
        """The order stops at the SKU, which is unique: the columns after it could not change the order,
        and leaving them out lets the database work them out for the rows of the page only."""
        order = super().ordering()
        return order[: [key.lstrip("-") for key in order].index(self.sku) + 1]


class SlowMovingFilterForm(AgeingFilterForm):
    days = forms.IntegerField(
        label=_("no shipment for (days)"), min_value=1, max_value=3650, initial=SLOW_DAYS
    )
    slow_movers = forms.BooleanField(
        label=_("also slow movers (shipped less than on hand)"),
    )

    field_order = ["days", "q", "warehouse", "category", "slow_movers"]


@register
class SlowMovingStockReport(ProductStockReport):
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
    filter_form_class = SlowMovingFilterForm
    columns = [
        *PRODUCT_COLUMNS,
        Column("last_arrival", _("last arrival"), kind="date"),
        Column("last_shipment", _("last shipment to a customer"), kind="date"),
        Column("days_since_shipment", _("days since last shipment"), kind="integer"),
        Column("shipped_in_period", _("shipped in the period"), kind="quantity", total=True),
    ]

    def queryset(self, filters):
        since = day_start(filters.get("days") or SLOW_DAYS)
        moves = moves_in_scope(filters)
        to_customers = moves.filter(move_type__in=TO_CUSTOMERS, quantity__lt=0)
        shipped_since = to_customers.filter(created_at__gte=since)
        rows = products_in_stock(filters)
        if filters.get("slow_movers"):
            rows = rows.annotate(shipped_in_period=total(shipped_since, -Sum("quantity")))
            rows = rows.filter(shipped_in_period__lt=F("on_hand"))
        else:  # not shipped since then, so nothing shipped in the period
            rows = rows.exclude(product_id__in=shipped_since.values("product_id"))
            rows = rows.annotate(shipped_in_period=ZERO_QUANTITY)
        today = Value(timezone.localdate(), output_field=DateField())
        return rows.annotate(
            last_arrival=latest(moves.filter(arrivals(filters.get("warehouse")))),
            last_shipment=latest(to_customers),
            days_since_shipment=latest(to_customers, DaysBetween(today, TruncDate("created_at"))),
        )


class StockAgeingFilterForm(AgeingFilterForm):
    show = forms.ChoiceField(
        label=_("age buckets show"),
        choices=[("value", _("Value")), ("quantity", _("Quantity")), ("both", _("Quantity and value"))],
        initial="value",
    )


@register
class StockAgeingReport(ProductStockReport):
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
    filter_form_class = StockAgeingFilterForm
    totals_in_page = True

    @cached_property
    def bucket_totals(self) -> dict:
        """A bucket's total is the sum of its formula over the rows (a product's stock and arrivals)."""
        return {key: Sum(figure) for key, figure in bucket_figures().items()}

    def get_columns(self) -> list[Column]:
        show = (self.filters or {}).get("show") or "value"
        columns = [
            *PRODUCT_COLUMNS,
            Column("average_cost", _("average cost"), kind="cost", total=ratio("value", "on_hand")),
        ]
        for key, quantity_label, value_label in BUCKETS:
            if show in ("quantity", "both"):
                columns.append(Column(key, quantity_label, kind="quantity", total=self.bucket_totals[key]))
            if show in ("value", "both"):
                value_key = f"{key}_value"
                columns.append(
                    Column(value_key, value_label, kind="money", total=self.bucket_totals[value_key])
                )
        return columns

    def queryset(self, filters):
        starts = [day_start(days) for days in BUCKET_LIMITS]
        bands = [  # the arrivals between two limits, newest first
            Q(created_at__gte=start) & (Q(created_at__lt=starts[i - 1]) if i else Q())
            for i, start in enumerate(starts)
        ]
        recent = moves_in_scope(filters).filter(created_at__gte=starts[-1])
        if filters.get("category") or filters.get("q"):  # a few products: their arrivals by product
            recent = recent.filter(product_id__in=stock_by_product(filters).values("product_id"))
        arriving = recent.filter(ARRIVED)
        if filters.get("warehouse"):
            # Goods transferred in from another warehouse are read through the transfers' own index, and
            # added to the arrivals that the arrivals index holds.
            fields = ("product_id", "created_at", "quantity")
            transferred = recent.filter(transferred_in(filters["warehouse"]))
            arriving = CTE(
                arriving.order_by().values(*fields).union(transferred.order_by().values(*fields), all=True),
                name="arriving",
            )
            ctes = [arriving]
            arriving = arriving.queryset()
        else:
            ctes = []
        # The arrivals younger than each limit, summed band by band in one pass over the recent arrivals.
        # A band never counts below zero (a reversal dated after the arrival it takes back could make it
        # so), so the figure never falls from one limit to the next.
        counted = [
            Greatest(Coalesce(Sum("quantity", filter=band), ZERO_QUANTITY), ZERO_QUANTITY) for band in bands
        ]
        arrived = CTE(
            arriving.values("product_id").annotate(
                **{
                    f"within_{days}": ExpressionWrapper(
                        sum(counted[1 : i + 1], counted[0]), output_field=QUANTITY
                    )
                    for i, days in enumerate(BUCKET_LIMITS)
                }
            ),
            name="arrived",
        )
        # The average cost is worked out once a product, where the stock is summed, rather than in each
        # bucket's value and again in each bucket's total.
        stock = CTE(stock_by_product(filters).annotate(average_cost=average_cost()), name="stock")
        rows = arrived.join(stock.queryset(), product_id=arrived.col.product_id, _join_type=LOUTER)
        younger = {
            f"arrived_within_{days}": Coalesce(getattr(arrived.col, f"within_{days}"), ZERO_QUANTITY)
            for days in BUCKET_LIMITS
        }
        return with_cte(*ctes, arrived, stock, select=rows).annotate(sku=F("product__sku"), **younger)

    def derived_columns(self) -> dict:
        return {**looked_up_product_columns(), **bucket_figures()}


def bucket_figures() -> dict:
    """Each bucket's quantity and value from a grouped row's on hand, average cost and arrivals younger than
    each limit: the units younger than a limit are the arrivals since then, up to the stock on hand."""
    younger = [
        Least(F("on_hand"), F(f"arrived_within_{days}"), output_field=QUANTITY) for days in BUCKET_LIMITS
    ]
    figures = {}
    for (key, *_labels), lower, upper in zip(
        BUCKETS, [None, *younger], [*younger, F("on_hand")], strict=True
    ):
        quantity = ExpressionWrapper(
            upper - (ZERO_QUANTITY if lower is None else lower), output_field=QUANTITY
        )
        figures[key] = quantity
        figures[f"{key}_value"] = ExpressionWrapper(quantity * F("average_cost"), output_field=VALUE)
    return figures
