"""Purchase reports: 进货明细表 (every received or returned line) and 进货汇总表 (by supplier, product or
category), both over a period, with totals and an Excel export. The rows come from purchasing.selectors."""

from django import forms
from django.utils.translation import gettext_lazy as _

from inventory.forms import CategoryChoiceField
from inventory.models import Warehouse
from inventory.selectors import category_descendant_ids
from purchasing import selectors
from purchasing.selectors import PurchaseFilters
from reports.framework import Column, PeriodFilterForm, Report, monthly_totals, register, trend_chart
from suppliers.models import Supplier

KINDS = {"receipt": _("Goods receipt"), "return": _("Return to supplier")}


class PurchaseFilterForm(PeriodFilterForm):
    supplier = forms.ModelChoiceField(
        label=_("supplier"), queryset=Supplier.objects.all(), empty_label=_("All suppliers")
    )
    category = CategoryChoiceField(label=_("category"), empty_label=_("All categories"))
    warehouse = forms.ModelChoiceField(
        label=_("warehouse"), queryset=Warehouse.objects.all(), empty_label=_("All warehouses")
    )


def purchase_filters(filters: dict) -> PurchaseFilters:
    category = filters.get("category")
    return PurchaseFilters(
        date_from=filters.get("date_from"),
        date_to=filters.get("date_to"),
        supplier_id=filters["supplier"].pk if filters.get("supplier") else None,
        warehouse_id=filters["warehouse"].pk if filters.get("warehouse") else None,
        category_ids=frozenset(category_descendant_ids(category.pk)) if category else None,
        search=filters.get("q") or "",
    )


class PurchaseDetailFilterForm(PurchaseFilterForm):
    kind = forms.ChoiceField(label=_("document"), choices=[("", _("Receipts and returns")), *KINDS.items()])
    q = forms.CharField(label=_("search"), max_length=100)


@register
class PurchaseDetailReport(Report):
    slug = "purchase-detail"
    title = _("Purchase detail")
    description = _(
        "Every line received into stock at its order price, and every line shipped back to a supplier "
        "(negative, at the cost it left at), in the period."
    )
    section = _("Purchasing")
    permission = "reports.view_purchase_report"
    filter_form_class = PurchaseDetailFilterForm
    template_name = "reports/purchase_detail.html"
    default_sort = ("-date", "number", "line_id")
    columns = [
        Column("date", _("date"), kind="date"),
        Column("number", _("document")),
        Column("kind", _("type"), choices=KINDS),
        Column("order_number", _("purchase order")),
        Column("supplier", _("supplier"), width=24),
        Column("sku", _("SKU")),
        Column("product_name", _("product"), width=30),
        Column("category", _("category")),
        Column("unit", _("unit"), width=8),
        Column("warehouse", _("warehouse")),
        Column("line_quantity", _("quantity"), kind="quantity", total=True),
        Column("line_price", _("unit price"), kind="cost"),
        Column("line_amount", _("amount"), kind="money", total=True),
    ]

    def queryset(self, filters):
        return selectors.purchase_detail(filters=purchase_filters(filters), kind=filters.get("kind") or "")

    def totals(self) -> dict:
        """Receipts and returns are a UNION, which cannot be aggregated: each part is summed apart."""
        if not self.is_valid:
            return {}
        totals = selectors.purchase_detail_totals(
            filters=purchase_filters(self.filters), kind=self.filters.get("kind") or ""
        )
        return {c.key: c.prepare(totals[c.key]) for c in self.get_columns() if c.total}


class PurchaseSummaryFilterForm(PurchaseFilterForm):
    group_by = forms.ChoiceField(
        label=_("group by"),
        choices=[("supplier", _("Supplier")), ("product", _("Product")), ("category", _("Category"))],
        initial="supplier",
    )
    field_order = ["group_by"]


@register
class PurchaseSummaryReport(Report):
    slug = "purchase-summary"
    title = _("Purchase summary")
    description = _(
        "What was received and returned in the period, per supplier, product or category: received at the "
        "order price, returned at the cost the goods left at, and the net."
    )
    section = _("Purchasing")
    permission = "reports.view_purchase_report"
    filter_form_class = PurchaseSummaryFilterForm
    template_name = "reports/purchase_summary.html"
    default_sort = ("-net_amount",)

    def group_by(self) -> str:
        return (self.filters or {}).get("group_by") or "supplier"

    def get_columns(self) -> list[Column]:
        group_by = self.group_by()
        if group_by == "supplier":
            columns = [Column("group_code", _("code")), Column("group_name", _("supplier"), width=28)]
        elif group_by == "product":
            columns = [
                Column("group_code", _("SKU")),
                Column("group_name", _("product"), width=30),
                Column("group_category", _("category")),
                Column("group_unit", _("unit"), width=8),
            ]
        else:
            columns = [Column("group_name", _("category"), width=24)]
        quantity_total = group_by == "product"  # quantities of different units do not add up
        return columns + [
            Column("receipts", _("receipts"), kind="integer"),
            Column("received_quantity", _("received quantity"), kind="quantity", total=quantity_total),
            Column("received_amount", _("received amount"), kind="money", total=True),
            Column("returned_quantity", _("returned quantity"), kind="quantity", total=quantity_total),
            Column("returned_amount", _("returned amount"), kind="money", total=True),
            Column("net_amount", _("net amount"), kind="money", total=True),
        ]

    def queryset(self, filters):
        return selectors.purchase_summary(filters=purchase_filters(filters), group_by=self.group_by())

    def charts(self):
        received, returned = selectors.purchase_monthly(filters=purchase_filters(self.filters))
        return [
            trend_chart(
                title=_("Purchases by month"),
                series={
                    str(_("received")): monthly_totals(
                        received[0], date_field=received[1], value=received[2]
                    ),
                    str(_("returned")): monthly_totals(
                        returned[0], date_field=returned[1], value=returned[2]
                    ),
                },
            )
        ]
