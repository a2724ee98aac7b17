"""Stock reports: 库存成本分析 (stock cost by category and warehouse) and the stock list with values."""

from decimal import Decimal

from django import forms
from django.db.models import Count, DecimalField, ExpressionWrapper, F, Min, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import NullIf
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_cte import CTE, with_cte

from inventory.forms import CategoryChoiceField
from inventory.models import StockBalance, Warehouse
from inventory.selectors import category_descendant_ids
from reports.framework import Chart, Column, Report, ReportFilterForm, ratio, register
from reports.selectors import category_label_case, category_labels

COST = DecimalField(max_digits=20, decimal_places=4)
CHART_BARS = 12


def average_cost():
    return ExpressionWrapper(F("value") / NullIf(F("on_hand"), Value(Decimal(0))), output_field=COST)


class StockFilterForm(ReportFilterForm):
    warehouse = forms.ModelChoiceField(
        label=_("warehouse"), queryset=Warehouse.objects.all(), empty_label=_("All warehouses")
    )
    category = CategoryChoiceField(label=_("category"), empty_label=_("All categories"))


def stock_balances_filtered(filters: dict):
    balances = StockBalance.objects.all()
    if filters.get("warehouse"):
        balances = balances.filter(location__warehouse=filters["warehouse"])
    if filters.get("category"):
        balances = balances.filter(product__category_id__in=category_descendant_ids(filters["category"].pk))
    return balances


class StockCostFilterForm(StockFilterForm):
    group_by = forms.ChoiceField(
        label=_("group by"),
        choices=[
            ("category", _("Category")),
            ("top_category", _("Top-level category")),
            ("warehouse", _("Warehouse")),
            ("warehouse_category", _("Warehouse and category")),
        ],
        initial="category",
    )


@register
class StockCostReport(Report):
    slug = "stock-cost"
    title = _("Stock cost analysis")
    description = _(
        "Quantity on hand, value and average cost of the stock now, by category or by warehouse. "
        "The average cost of a group is its value divided by its quantity."
    )
    section = _("Inventory")
    permission = "reports.view_stock_report"
    filter_form_class = StockCostFilterForm
    template_name = "reports/stock_cost.html"
    default_sort = ("-value",)
    count_in_page = True
    totals_in_page = True

    def group_by(self) -> str:
        return (self.filters or {}).get("group_by") or "category"

    def get_columns(self) -> list[Column]:
        group_by = self.group_by()
        columns = []
        if group_by.startswith("warehouse"):
            columns += [Column("warehouse_code", _("warehouse code")), Column("warehouse", _("warehouse"))]
        if group_by.endswith("category"):
            label = _("top-level category") if group_by == "top_category" else _("category")
            columns.append(Column("category", label))
        return columns + [
            Column("products", _("products"), kind="integer"),
            Column("on_hand", _("on hand"), kind="quantity", total=True),
            Column("value", _("value"), kind="money", total=True),
            Column("average_cost", _("average cost"), kind="cost", total=ratio("value", "on_hand")),
        ]

    def queryset(self, filters):
        """The balances are summed by category (and warehouse) id first, and only those few hundred sums
        named and summed again by name: naming each of 150,000 balances took longer than summing them."""
        group_by = (filters or {}).get("group_by") or "category"
        ids = {"category_id": F("product__category_id")}
        labels = {}
        if group_by.startswith("warehouse"):
            ids["warehouse_id"] = F("location__warehouse_id")
            warehouse = Warehouse.objects.filter(pk=OuterRef("warehouse_id"))
            labels.update(
                warehouse_code=Subquery(warehouse.values("code")),
                warehouse=Subquery(warehouse.values("name")),
            )
        if group_by.endswith("category"):
            labels["category"] = category_label_case("category_id", top_level=group_by == "top_category")
        by_id = CTE(
            stock_balances_filtered(filters)
            .filter(on_hand__gt=0)
            .order_by()
            .values(**ids)
            # A product is in one category, so its count adds up across categories (not across warehouses).
            .annotate(
                product_count=Count("product", distinct=True), quantity=Sum("on_hand"), amount=Sum("value")
            ),
            name="stock_by_id",
        )
        by_label = CTE(
            by_id.queryset()
            .values(*(["warehouse_id"] if "warehouse_id" in ids else []), **labels)
            .annotate(products=Sum("product_count"), on_hand=Sum("quantity"), value=Sum("amount")),
            name="stock_by_label",
        )
        rows = with_cte(by_id, by_label, select=by_label.queryset())
        return rows.values(*labels, "products", "on_hand", "value").annotate(average_cost=average_cost())

    def charts(self) -> list[Chart]:
        if not self.is_valid:
            bars = []
        elif self.group_by() in ("category", "top_category"):
            bars = self._category_bars()
        else:
            labelled = [c.key for c in self.get_columns() if c.key in ("warehouse", "category")]
            rows = self.rows().order_by("-value", *labelled)[:CHART_BARS]
            bars = [(" · ".join(str(row[key]) for key in labelled), row["value"]) for row in rows]
        if self.group_by() == "warehouse":
            title = _("Stock value by warehouse")
        else:
            title = _("Stock value by category")
        return [
            Chart(
                title=title,
                labels=[label for label, _value in bars],
                datasets=[{"label": _("value"), "data": [value for _label, value in bars]}],
                horizontal=True,
                url=f"{reverse('reports:stock-cost')}?group_by={self.group_by()}",
            )
        ]

    def _category_bars(self) -> list[tuple[str, Decimal]]:
        """The largest values by category, summed by category id and named afterwards: naming every
        balance row in SQL first took longer than the sum (the dashboard shows this chart)."""
        labels = category_labels(top_level=self.group_by() == "top_category")
        values: dict[str, Decimal] = {}
        by_id = (
            stock_balances_filtered(self.filters)
            .filter(on_hand__gt=0)
            .values_list("product__category_id")
            .annotate(value=Sum("value"))
            .order_by()
        )
        for category_id, value in by_id:
            label = labels.get(category_id, "")
            values[label] = values.get(label, Decimal(0)) + value
        return sorted(values.items(), key=lambda bar: (-bar[1], bar[0]))[:CHART_BARS]


class StockListFilterForm(StockFilterForm):
    q = forms.CharField(label=_("search"), max_length=100)

    field_order = ["q", "warehouse", "category"]


@register
class StockListReport(Report):
    slug = "stock-list"
    title = _("Stock list")
    description = _("What is in stock now, per product and warehouse, with its value at average cost.")
    section = _("Inventory")
    permission = "reports.view_stock_report"
    filter_form_class = StockListFilterForm
    template_name = "reports/stock_list.html"
    default_sort = ("sku", "warehouse_code")
    columns = [
        Column("sku", _("SKU")),
        Column("name", _("name"), width=30),
        Column("category", _("category")),
        Column("unit", _("unit"), width=8),
        Column("warehouse_code", _("warehouse code")),
        Column("warehouse", _("warehouse")),
        Column("on_hand", _("on hand"), kind="quantity", total=True),
        Column("reserved", _("reserved"), kind="quantity", total=True),
        Column("available", _("available"), kind="quantity", total=True),
        Column("average_cost", _("average cost"), kind="cost"),
        Column("value", _("value"), kind="money", total=True),
        Column("earliest_expiry", _("earliest expiry"), kind="date"),
    ]

    def balances(self, filters):
        balances = stock_balances_filtered(filters).exclude(on_hand=0, reserved=0)
        for word in (filters.get("q") or "").split():
            balances = balances.filter(
                Q(product__sku__icontains=word)
                | Q(product__name__icontains=word)
                | Q(product__barcode__icontains=word)
            )
        return balances

    def totals_queryset(self, filters):
        """Every total is a sum, so the balances give them as they are: grouping 150,000 of them by product
        and warehouse first took the database five times as long."""
        return self.balances(filters).annotate(
            available=ExpressionWrapper(F("on_hand") - F("reserved"), output_field=COST)
        )

    def queryset(self, filters):
        return (
            self.balances(filters)
            .values(
                sku=F("product__sku"),
                name=F("product__name"),
                category=F("product__category__name"),
                unit=F("product__unit__name"),
                warehouse_code=F("location__warehouse__code"),
                warehouse=F("location__warehouse__name"),
            )
            .annotate(
                on_hand=Sum("on_hand"),
                reserved=Sum("reserved"),
                value=Sum("value"),
                earliest_expiry=Min("lot__expiry_date"),  # rows hold stock: zero rows are left out
            )
            .annotate(
                available=ExpressionWrapper(F("on_hand") - F("reserved"), output_field=COST),
                average_cost=average_cost(),
            )
        )
