"""库存周转率: how often the stock turned over in a period, from the stock ledger.

Cost of goods sold is the cost carried by the shipment and exchange moves of the period, less the cost
of goods customers brought back. Average stock is the mean of the value at the start and at the end of
the period. Turnover = cost of goods sold / average stock; days on hand = days in the period / turnover.

The value at a moment is the sum of the moves before it: the balances (which hold the sum of all the
moves, as ``check_stock`` proves) less the moves since, so only the moves of the period and after are
read, one product at a time through the index on the product's moves.
"""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import DecimalField, ExpressionWrapper, F, Sum, Value
from django.db.models.functions import NullIf
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from inventory.choices import MoveType
from inventory.forms import CategoryChoiceField
from inventory.models import StockBalance, StockMove
from inventory.selectors import category_descendant_ids
from reports.definitions.inventory_ageing import ProductStockReport, product_fields, total
from reports.framework import Column, PeriodFilterForm, grouped_by_keys, month_start, register

VALUE = DecimalField(max_digits=18, decimal_places=4)
ZERO = Value(Decimal("0"), output_field=VALUE)
SOLD = [MoveType.SHIPMENT, MoveType.EXCHANGE_OUT, MoveType.CUSTOMER_RETURN]


def opening():
    """The value at the start of the period: the balances less the moves since."""
    return ExpressionWrapper(F("balance") - F("since_start"), output_field=VALUE)


def closing():
    return ExpressionWrapper(F("balance") - F("since_end"), output_field=VALUE)


def average():
    return ExpressionWrapper((opening() + closing()) / Value(2), output_field=VALUE)


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
    # A total adds up each product's figure worked out again from its balances and moves, which the
    # grouped rows look up once each.
    columns = [
        Column("product__sku", _("SKU")),
        Column("product__name", _("name"), width=30),
        Column("product__category__name", _("category")),
        Column("opening_value", _("opening value"), kind="money", total=Sum(opening())),
        Column("closing_value", _("closing value"), kind="money", total=Sum(closing())),
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
        since_start = StockMove.objects.filter(created_at__gte=midnight(start))
        after_end = midnight(end + timedelta(days=1))
        sold = since_start.filter(move_type__in=SOLD, created_at__lt=after_end)
        rows = (
            balances.values("product_id")
            .annotate(balance=Sum("value"))
            .annotate(
                **product_fields(
                    product__sku="sku", product__name="name", product__category__name="category__name"
                )
            )
            .annotate(
                since_start=total(since_start, Sum("value"), ZERO),
                since_end=total(StockMove.objects.filter(created_at__gte=after_end), Sum("value"), ZERO),
                cost_of_sales=total(sold, -Sum("value"), ZERO),
            )
            .alias(sold_or_none=total(sold, NullIf(-Sum("value"), ZERO), zero=None))
            .annotate(opening_value=opening(), closing_value=closing())
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


def midnight(day: date) -> datetime:
    """The start of a local day: a move before it was posted before that day."""
    return timezone.make_aware(datetime.combine(day, time.min))
