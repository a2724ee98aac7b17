"""Inventory reports over the stock ledger: valuation at a past date and lots near expiry."""

from django import forms
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from inventory.forms import CategoryChoiceField
from inventory.models import Warehouse
from inventory.selectors import near_expiry_balances, stock_valuation, stock_valuation_totals
from reports.framework import Column, Report, ReportFilterForm, ratio, register

NEAR_EXPIRY_DAYS = 30


class ValuationFilterForm(ReportFilterForm):
    date = forms.DateField(label=_("at the end of"), widget=forms.DateInput())
    warehouse = forms.ModelChoiceField(
        label=_("warehouse"), queryset=Warehouse.objects.all(), empty_label=_("All warehouses")
    )
    category = CategoryChoiceField(label=_("category"), empty_label=_("All categories"))


@register
class StockValuationReport(Report):
    slug = "stock-valuation"
    title = _("Stock valuation at a date")
    description = _(
        "Quantity and value of every product at the end of a day (today when no date is given): the sum "
        "of all its stock moves up to then, at moving-average cost."
    )
    section = _("Inventory")
    permission = "reports.view_stock_report"
    filter_form_class = ValuationFilterForm
    default_sort = ("product__sku",)
    columns = [
        Column("product__sku", _("SKU")),
        Column("product__name", _("name"), width=30),
        Column("product__category__name", _("category")),
        Column("product__unit__name", _("unit"), width=8),
        Column("quantity", _("quantity"), kind="quantity", total=True),
        Column("average_cost", _("average cost"), kind="cost", total=ratio("value", "quantity")),
        Column("value", _("value"), kind="money", total=True),
    ]

    def queryset(self, filters):
        return stock_valuation(**self._at(filters))

    def totals(self):
        # Summed straight from the rows, not from the grouped products (a product summing to zero adds
        # nothing either way): a tenth of the time at 50,000 products.
        if not self.is_valid:
            return {}
        figures = stock_valuation_totals(**self._at(self.filters))
        quantity, value = figures["quantity"], figures["value"]
        figures["average_cost"] = value / quantity if quantity else None
        return {c.key: c.prepare(figures[c.key]) for c in self.get_columns() if c.total}

    @staticmethod
    def _at(filters) -> dict:
        return {
            "at": filters.get("date") or timezone.localdate(),
            "warehouse": filters.get("warehouse"),
            "category": filters.get("category"),
        }


class NearExpiryFilterForm(ReportFilterForm):
    days = forms.IntegerField(
        label=_("expiring within (days)"), min_value=0, max_value=3650, initial=NEAR_EXPIRY_DAYS
    )
    warehouse = forms.ModelChoiceField(
        label=_("warehouse"), queryset=Warehouse.objects.all(), empty_label=_("All warehouses")
    )


@register
class NearExpiryReport(Report):
    slug = "near-expiry"
    title = _("Lots near expiry")
    description = _("Lots in stock that expire within the chosen number of days, expired ones included.")
    section = _("Inventory")
    permission = "reports.view_stock_report"
    filter_form_class = NearExpiryFilterForm
    default_sort = ("expiry_date",)
    columns = [
        Column("expiry_date", _("expiry date"), kind="date"),
        Column("lot_number", _("lot")),
        Column("sku", _("SKU")),
        Column("name", _("name"), width=30),
        Column("warehouse", _("warehouse")),
        Column("location_code", _("location")),
        Column("on_hand", _("on hand"), kind="quantity", total=True),
        Column("reserved", _("reserved"), kind="quantity", total=True),
        Column("value", _("value"), kind="money", total=True),
    ]

    def queryset(self, filters):
        days = filters.get("days")
        balances = near_expiry_balances(
            days=NEAR_EXPIRY_DAYS if days is None else days, warehouse=filters.get("warehouse")
        )
        return balances.values(
            expiry_date=F("lot__expiry_date"),
            lot_number=F("lot__number"),  # not "lot": a value may not reuse a field's name
            sku=F("product__sku"),
            name=F("product__name"),
            warehouse=F("location__warehouse__name"),
            location_code=F("location__code"),
        ).annotate(on_hand=Sum("on_hand"), reserved=Sum("reserved"), value=Sum("value"))
