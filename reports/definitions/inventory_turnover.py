"""库存周转率: how often the stock turned over in a period, from the stock ledger.

Cost of goods sold is the cost carried by the shipment and exchange moves of the period, less the cost
of goods customers brought back. Average stock is the mean of the value at the start and at the end of
the period. Turnover = cost of goods sold / average stock; days on hand = days in the period / turnover.
"""

from decimal import Decimal

from django.db.models import DecimalField, ExpressionWrapper, F, Q, Sum, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from inventory.choices import MoveType
from inventory.forms import CategoryChoiceField
from inventory.models import StockMove
from inventory.selectors import category_descendant_ids
from reports.framework import Column, PeriodFilterForm, Report, month_start, ratio, register

VALUE = DecimalField(max_digits=18, decimal_places=4)
ZERO = Value(Decimal("0"), output_field=VALUE)
SOLD = [MoveType.SHIPMENT, MoveType.EXCHANGE_OUT, MoveType.CUSTOMER_RETURN]


class TurnoverFilterForm(PeriodFilterForm):
    category = CategoryChoiceField(label=_("category"), empty_label=_("All categories"))


@register
class InventoryTurnoverReport(Report):
    slug = "inventory-turnover"
    title = _("Inventory turnover")
    description = _(
        "Cost of goods sold in the period (shipments less customer returns, at the cost the moves carried) "
        "divided by the average stock value (mean of the value at the start and at the end); days on hand "
        "is the days of the period divided by the turnover."
    )
    section = _("Inventory")
    permission = "reports.view_stock_report"
    filter_form_class = TurnoverFilterForm
    default_sort = ("-cost_of_sales", "product__sku")
    columns = [
        Column("product__sku", _("SKU")),
        Column("product__name", _("name"), width=30),
        Column("product__category__name", _("category")),
        Column("opening_value", _("opening value"), kind="money", total=True),
        Column("closing_value", _("closing value"), kind="money", total=True),
        Column("average_value", _("average stock value"), kind="money", total=True),
        Column("cost_of_sales", _("cost of goods sold"), kind="money", total=True),
        Column("turnover", _("turnover"), kind="number", total=ratio("cost_of_sales", "average_value")),
        Column("days_on_hand", _("days on hand"), kind="number"),
    ]

    def queryset(self, filters):
        start = filters.get("date_from") or month_start()
        end = filters.get("date_to") or timezone.localdate()
        days = (end - start).days + 1
        moves = StockMove.objects.filter(created_at__date__lte=end)
        if filters.get("category"):
            moves = moves.filter(product__category_id__in=category_descendant_ids(filters["category"].pk))
        in_period = Q(created_at__date__gte=start)
        return (
            moves.values("product__sku", "product__name", "product__category__name")
            .annotate(
                opening_value=Coalesce(Sum("value", filter=Q(created_at__date__lt=start)), ZERO),
                closing_value=Coalesce(Sum("value"), ZERO),
                cost_of_sales=Coalesce(-Sum("value", filter=in_period & Q(move_type__in=SOLD)), ZERO),
            )
            .exclude(opening_value=0, closing_value=0, cost_of_sales=0)
            .annotate(
                average_value=ExpressionWrapper(
                    (F("opening_value") + F("closing_value")) / Value(2), output_field=VALUE
                ),
            )
            .annotate(
                turnover=ExpressionWrapper(
                    F("cost_of_sales") / NullIf(F("average_value"), ZERO), output_field=VALUE
                ),
                days_on_hand=ExpressionWrapper(
                    Value(days) * F("average_value") / NullIf(F("cost_of_sales"), ZERO), output_field=VALUE
                ),
            )
        )
