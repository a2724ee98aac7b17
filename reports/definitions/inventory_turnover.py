"""库存周转率: how often the stock turned over in a period, from the stock ledger.

Cost of goods sold is the cost carried by the shipment and exchange moves of the period, less the cost
of goods customers brought back. Average stock is the mean of the value at the start and at the end of
the period. Turnover = cost of goods sold / average stock; days on hand = days in the period / turnover.

The value at a moment is the sum of the moves before it, or for a moment nearer today than the first
move the balances (which hold the sum of all the moves, as ``check_stock`` proves) less the moves since:
either way the fewer moves. The moves needed are summed once by product and joined to the balances summed
by product (``django_cte``), so that the page, its count and its totals are one pass over each.
"""

from datetime import timedelta
from decimal import Decimal

from django.db.models import DecimalField, ExpressionWrapper, F, Sum, Value
from django.db.models.functions import Coalesce, NullIf
from django.db.models.sql.constants import LOUTER
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_cte import CTE, with_cte

from inventory.choices import MoveType
from inventory.forms import CategoryChoiceField
from inventory.models import StockBalance, StockMonthEndLine, StockMove
from inventory.selectors import balances_are_nearer, category_descendant_ids, month_end_at
from reports.definitions.inventory_ageing import ProductStockReport, product_fields
from reports.framework import Column, PeriodFilterForm, midnight, month_start, register

VALUE = DecimalField(max_digits=18, decimal_places=4)
ZERO = Value(Decimal("0"), output_field=VALUE)
SOLD = [MoveType.SHIPMENT, MoveType.EXCHANGE_OUT, MoveType.CUSTOMER_RETURN]


def average():
    return ExpressionWrapper((F("opening_value") + F("closing_value")) / Value(2), output_field=VALUE)


def period(filters: dict) -> tuple:
    """The first and last day of the period: this month so far unless the filters say otherwise."""
    return filters.get("date_from") or month_start(), filters.get("date_to") or timezone.localdate()


class TurnoverFilterForm(PeriodFilterForm):
    category = CategoryChoiceField(label=_("category"), empty_label=_("All categories"))


@register
class InventoryTurnoverReport(ProductStockReport):
    slug = "inventory-turnover"
    title = _("Inventory turnover")
    description = _(
        "Cost of goods sold in the period (shipments less customer returns, at the cost the moves carried) "
        "divided by the average stock value (mean of the value at the start and at the end); days on hand "
        "is the days of the period divided by the turnover."
    )
    filter_form_class = TurnoverFilterForm
    totals_in_page = True
    default_sort = ("-cost_of_sales", "product__sku")
    sku = "product__sku"
    # The average's total adds up each product's average worked out again from its opening and closing
    # values, which the grouped rows look up once each.
    columns = [
        Column("product__sku", _("SKU")),
        Column("product__name", _("name"), width=30),
        Column("product__category__name", _("category")),
        Column("opening_value", _("opening value"), kind="money", total=True),
        Column("closing_value", _("closing value"), kind="money", total=True),
        Column("average_value", _("average stock value"), kind="money", total=Sum(average())),
        Column("cost_of_sales", _("cost of goods sold"), kind="money", total=True),
        Column(
            "turnover",
            _("turnover"),
            kind="number",
            total=ExpressionWrapper(
                Sum("cost_of_sales") / NullIf(Sum(average()), ZERO),
                output_field=DecimalField(max_digits=20, decimal_places=4),
            ),
        ),
        Column("days_on_hand", _("days on hand"), kind="number"),
    ]

    def queryset(self, filters):
        start, end = period(filters)
        opening, closing = midnight(start), midnight(end + timedelta(days=1))
        balances = StockBalance.objects.all()
        if filters.get("category"):
            balances = balances.filter(
                product__category_id__in=category_descendant_ids(filters["category"].pk)
            )
        # A value at a moment is a closed month's end (月结) when the moment is one, else the balances less
        # the moves since, or the moves before it: whichever are fewer. Each figure reads only the rows it
        # needs, through the index that holds them (the period's sales through ``move_sold_time``), and the
        # three are summed by product in one pass.
        since_opening, since_closing = (
            balances_are_nearer(start - timedelta(days=1)),
            balances_are_nearer(end),
        )
        moves = StockMove.objects.order_by()
        if filters.get("category"):
            moves = moves.filter(product_id__in=balances.values("product_id"))

        def part(rows, opening=ZERO, closing=ZERO, sold=ZERO):
            return rows.values("product_id", at_opening=opening, at_closing=closing, sold_in_period=sold)

        def value_before(moment, since: bool):
            """The rows whose values sum to the stock at ``moment`` (less the balances when ``since``)."""
            moved = moves.filter(**{"created_at__gte" if since else "created_at__lt": moment})
            closed = month_end_at(moment)
            # The month's end when it holds fewer rows than the moves it stands for (counted up to it).
            if closed is not None and moved[: closed.products].count() >= closed.products:
                lines = StockMonthEndLine.objects.filter(month_end=closed).order_by()
                if filters.get("category"):
                    lines = lines.filter(product_id__in=balances.values("product_id"))
                return lines, False
            return moved, since

        at_opening, since_opening = value_before(opening, since_opening)
        at_closing, since_closing = value_before(closing, since_closing)
        value = F("value")
        parts = CTE(
            part(at_opening, opening=value).union(
                part(at_closing, closing=value),
                part(
                    moves.filter(move_type__in=SOLD, created_at__gte=opening, created_at__lt=closing),
                    sold=ExpressionWrapper(-value, output_field=VALUE),
                ),
                all=True,
            ),
            name="moved_parts",
        )
        moved = CTE(
            parts.queryset()
            .values("product_id")
            .annotate(opening=Sum("at_opening"), closing=Sum("at_closing"), sold=Sum("sold_in_period")),
            name="moved",
        )
        # The stock now of every product that has some or that moved: a balance with nothing on hand holds
        # no value (``check_stock`` proves it), so the balances with stock are summed from their index alone.
        in_stock = balances.filter(on_hand__gt=0).order_by().values("product_id").annotate(part=Sum("value"))
        stock_parts = CTE(
            in_stock.union(moved.queryset().order_by().values("product_id", part=ZERO), all=True),
            name="stock_parts",
        )
        stock = CTE(stock_parts.queryset().values("product_id").annotate(balance=Sum("part")), name="stock")
        rows = with_cte(
            parts,
            moved,
            stock_parts,
            stock,
            select=moved.join(stock.queryset(), product_id=moved.col.product_id, _join_type=LOUTER),
        )

        def value_at(figure, since: bool):
            moved_value = Coalesce(getattr(moved.col, figure), ZERO)
            return ExpressionWrapper(F("balance") - moved_value if since else moved_value, output_field=VALUE)

        return (
            rows.annotate(
                product__sku=F("product__sku"),
                opening_value=value_at("opening", since_opening),
                closing_value=value_at("closing", since_closing),
                cost_of_sales=Coalesce(moved.col.sold, ZERO),
            )
            .exclude(opening_value=0, closing_value=0, cost_of_sales=0)
            .annotate(average_value=average())
        )

    def derived_columns(self) -> dict:
        start, end = period(self.filters)
        days = (end - start).days + 1
        return {
            **product_fields(product__name="name", product__category__name="category__name"),
            "turnover": ExpressionWrapper(
                F("cost_of_sales") / NullIf(F("average_value"), ZERO), output_field=VALUE
            ),
            "days_on_hand": ExpressionWrapper(
                Value(days) * F("average_value") / NullIf(F("cost_of_sales"), ZERO), output_field=VALUE
            ),
        }
