"""库存周转率: how often the stock turned over in a period, from the stock ledger.

Cost of goods sold is the cost carried by the shipment and exchange moves of the period, less the cost
of goods customers brought back. Average stock is the mean of the value at the start and at the end of
the period. Turnover = cost of goods sold / average stock; days on hand = days in the period / turnover.

The value at a moment is the sum of the moves before it, or for a moment nearer today than the first
move the balances (which hold the sum of all the moves, as ``check_stock`` proves) less the moves since:
either way the fewer moves, one product at a time through the index on the product's moves.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.db.models import DecimalField, ExpressionWrapper, F, Sum, Value
from django.db.models.functions import NullIf
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from inventory.choices import MoveType
from inventory.forms import CategoryChoiceField
from inventory.models import StockBalance, StockMove
from inventory.selectors import balances_are_nearer, category_descendant_ids
from reports.definitions.inventory_ageing import ProductStockReport, product_fields, total
from reports.framework import Column, PeriodFilterForm, grouped_by_keys, midnight, month_start, register

VALUE = DecimalField(max_digits=18, decimal_places=4)
ZERO = Value(Decimal("0"), output_field=VALUE)
SOLD = [MoveType.SHIPMENT, MoveType.EXCHANGE_OUT, MoveType.CUSTOMER_RETURN]


def average():
    return ExpressionWrapper((F("opening_value") + F("closing_value")) / Value(2), output_field=VALUE)


def value_before(day: date):
    """A product's value at the start of ``day``: the sum of its moves before then, which is the balances
    less the moves since when the day lies nearer today than the first move (fewer moves to read)."""
    moment = midnight(day)
    if balances_are_nearer(day - timedelta(days=1)):
        since = total(StockMove.objects.filter(created_at__gte=moment), Sum("value"), ZERO)
        return ExpressionWrapper(F("balance") - since, output_field=VALUE)
    return total(StockMove.objects.filter(created_at__lt=moment), Sum("value"), ZERO)


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
        start = filters.get("date_from") or month_start()
        end = filters.get("date_to") or timezone.localdate()
        days = (end - start).days + 1
        balances = StockBalance.objects.all()
        if filters.get("category"):
            balances = balances.filter(
                product__category_id__in=category_descendant_ids(filters["category"].pk)
            )
        sold = StockMove.objects.filter(
            move_type__in=SOLD,
            created_at__gte=midnight(start),
            created_at__lt=midnight(end + timedelta(days=1)),
        )
        rows = (
            balances.values("product_id")
            .annotate(balance=Sum("value"))
            .annotate(
                **product_fields(
                    product__sku="sku", product__name="name", product__category__name="category__name"
                )
            )
            .annotate(
                opening_value=value_before(start),
                closing_value=value_before(end + timedelta(days=1)),
                cost_of_sales=total(sold, -Sum("value"), ZERO),
            )
            .alias(sold_or_none=total(sold, NullIf(-Sum("value"), ZERO), zero=None))
            .exclude(opening_value=0, closing_value=0, cost_of_sales=0)
            .annotate(average_value=average())
            .annotate(
                turnover=ExpressionWrapper(
                    F("cost_of_sales") / NullIf(F("average_value"), ZERO), output_field=VALUE
                ),
                days_on_hand=ExpressionWrapper(
                    Value(days) * F("average_value") / F("sold_or_none"), output_field=VALUE
                ),
            )
        )
        return grouped_by_keys(rows)
