"""Stock query, stock card, lots and their trace, valuation at a date, near expiry, goods in transit."""

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from common.lists import Column, search_queryset
from common.views import StaffListView, StaffMixin
from inventory import selectors
from inventory.forms import (
    NearExpiryForm,
    StockCardFilterForm,
    StockQueryFilterForm,
    ValuationForm,
)
from inventory.models import Lot, Product, StockBalance

NEAR_EXPIRY_DAYS = 30
PRODUCTS_LOOKED_UP = 5000  # more matching products than this are joined, not listed by id


class StockListView(StaffListView):
    """Real-time stock per product, location and lot, with totals over the filtered rows."""

    model = StockBalance
    template_name = "inventory/stock_list.html"
    permission_required = "inventory.view_stockbalance"
    search_fields = ("product__sku", "product__barcode", "product__name")
    filter_form_class = StockQueryFilterForm
    title = gettext_lazy("Stock")
    columns = [
        Column(gettext_lazy("SKU"), "product.sku", sort="product__sku", link=True),
        Column(gettext_lazy("name"), "product.name", sort="product__name"),
        Column(gettext_lazy("location"), "location", sort="location__code"),
        Column(gettext_lazy("lot"), "lot.number", sort="lot__number"),
        Column(gettext_lazy("expiry date"), "lot.expiry_date", sort="lot__expiry_date", kind="date"),
        Column(gettext_lazy("on hand"), "on_hand", sort="on_hand", kind="quantity"),
        Column(gettext_lazy("reserved"), "reserved", sort="reserved", kind="quantity"),
        Column(gettext_lazy("available"), "available", sort="available", kind="quantity"),
        Column(gettext_lazy("unit"), "product.unit.name"),
        Column(gettext_lazy("value"), "value", sort="value", kind="money"),
    ]
    default_sort = ("product__sku", "location__warehouse__code", "location__code")

    def search(self, queryset, text):
        """The matching products are found once and their rows read by index, rather than every query of
        the page (rows, totals) matching the words against the names of 50,000 products again."""
        fields = [field.removeprefix("product__") for field in self.search_fields]
        products = search_queryset(Product.objects.all(), fields, text).values_list("pk", flat=True)
        products = list(products[: PRODUCTS_LOOKED_UP + 1])
        if len(products) > PRODUCTS_LOOKED_UP:
            return super().search(queryset, text)
        return queryset.filter(product_id__in=products)

    def get_queryset(self):
        self.queryset = selectors.stock_balances().exclude(on_hand=0, reserved=0)
        queryset = super().get_queryset()
        form = self.filter_form
        if form is not None and form.is_valid() and form.cleaned_data.get("below_safety"):
            queryset = queryset.filter(product__in=selectors.products_below_safety_stock().values("pk"))
        return queryset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["totals"] = selectors.stock_totals(self.object_list)
        if context.get("paginator"):
            context["paginator"].count_known(context["totals"]["rows"])  # no second pass to count
        return context


class StockCardView(StaffMixin, TemplateView):
    """Every move of a product (or one lot) with its document, running balance and running value."""

    model = Product  # what <pk> is
    permission_required = "inventory.view_stockmove"
    template_name = "inventory/stock_card.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        product = get_object_or_404(Product.objects.select_related("unit", "category"), pk=self.kwargs["pk"])
        form = StockCardFilterForm(self.request.GET or None, product=product)
        opening, moves = selectors.stock_card(product=product, **form.values())
        page = Paginator(moves, settings.LIST_PAGE_SIZE).get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            product=product,
            filter_form=form,
            opening=opening,
            page_obj=page,
            paginator=page.paginator,
            moves=page.object_list,
            links=selectors.document_links(page.object_list),
            query_string=query.urlencode(),
        )
        return context


class LotListView(StaffListView):
    model = Lot
    permission_required = "inventory.view_stockbalance"
    search_fields = ("number", "product__sku", "product__name")
    filter_form_class = None
    title = gettext_lazy("Lots")
    columns = [
        Column(gettext_lazy("lot number"), "number", sort="number", link=True),
        Column(gettext_lazy("SKU"), "product.sku", sort="product__sku"),
        Column(gettext_lazy("name"), "product.name"),
        Column(gettext_lazy("production date"), "production_date", sort="production_date", kind="date"),
        Column(gettext_lazy("expiry date"), "expiry_date", sort="expiry_date", kind="date"),
        Column(gettext_lazy("on hand"), "stock_on_hand", sort="stock_on_hand", kind="quantity"),
    ]
    default_sort = ("expiry_date", "number")

    def get_queryset(self):
        self.queryset = selectors.lots_with_stock()
        return super().get_queryset()


class LotTraceView(StaffMixin, TemplateView):
    """Where a lot came from and went: every move of the lot with its document, and where it is now."""

    model = Lot  # what <pk> is
    permission_required = "inventory.view_stockmove"
    template_name = "inventory/lot_trace.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        lot = get_object_or_404(Lot.objects.select_related("product__unit"), pk=self.kwargs["pk"])
        moves = list(selectors.lot_trace(lot))
        context.update(
            lot=lot,
            moves=moves,
            balances=selectors.lot_balances(lot),
            links=selectors.document_links(moves),
        )
        return context


class ValuationView(StaffMixin, TemplateView):
    """Quantity and value per product at the end of any past day: the sum of its moves up to then."""

    permission_required = "inventory.view_stockmove"
    template_name = "inventory/valuation.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = ValuationForm(self.request.GET or None, initial={"date": timezone.localdate()})
        values = form.values()
        rows = selectors.stock_valuation(**values)
        page = Paginator(rows, settings.LIST_PAGE_SIZE).get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            form=form,
            at=values["at"],
            page_obj=page,
            paginator=page.paginator,
            rows=page.object_list,
            totals=selectors.stock_valuation_totals(**values),
            query_string=query.urlencode(),
        )
        return context


class NearExpiryView(StaffMixin, TemplateView):
    permission_required = "inventory.view_stockbalance"
    template_name = "inventory/near_expiry.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = NearExpiryForm(self.request.GET or None, initial={"days": NEAR_EXPIRY_DAYS})
        values = form.values(NEAR_EXPIRY_DAYS)
        balances = selectors.near_expiry(**values)
        page = Paginator(balances, settings.LIST_PAGE_SIZE).get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            form=form,
            days=values["days"],
            page_obj=page,
            paginator=page.paginator,
            balances=page.object_list,
            totals=selectors.stock_totals(balances),
            query_string=query.urlencode(),
            today=timezone.localdate(),
        )
        return context


class TransitView(StaffMixin, TemplateView):
    """Goods on their way between warehouses, with their value, and the transfers carrying them."""

    permission_required = "inventory.view_transfer"
    template_name = "inventory/transit.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        balances, transfers = selectors.goods_in_transit()
        context.update(balances=balances, transfers=transfers, totals=selectors.stock_totals(balances))
        return context
