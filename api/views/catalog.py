from django.db.models import DecimalField, F, Sum
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema

from api.pagination import ApiCursorPagination
from api.scopes import Scope
from api.serializers.catalog import ProductSerializer, StockRowSerializer
from api.views.base import ListApiView, RetrieveApiView
from inventory.models import Product, StockBalance
from inventory.selectors import products_with_stock

SKU = OpenApiParameter("sku", str, description=_("Exact SKU."))
WAREHOUSE = OpenApiParameter("warehouse", str, description=_("Warehouse code."))


class ProductPagination(ApiCursorPagination):
    ordering = "sku"


class ProductMixin:
    serializer_class = ProductSerializer
    scopes = {"GET": Scope.STOCK_READ}
    permissions = {"GET": ["inventory.view_product"]}

    def get_queryset(self):
        return products_with_stock(queryset=Product.objects.select_related("category", "unit"))


@extend_schema(parameters=[SKU, OpenApiParameter("active", bool, description=_("Only active products."))])
class ProductListView(ProductMixin, ListApiView):
    """Products with what is on hand, reserved and available over every warehouse."""

    pagination_class = ProductPagination

    def filter_queryset(self, queryset):
        if sku := self.request.query_params.get("sku"):
            queryset = queryset.filter(sku=sku)
        if self.request.query_params.get("active") in ("true", "1"):
            queryset = queryset.filter(is_active=True)
        return queryset


class ProductDetailView(ProductMixin, RetrieveApiView):
    pass


class StockPagination(ApiCursorPagination):
    ordering = ("product__sku", "location__warehouse__code")


QTY = DecimalField(max_digits=14, decimal_places=3)


@extend_schema(parameters=[SKU, WAREHOUSE])
class StockListView(ListApiView):
    """Stock availability: one row per product and warehouse (goods in transit not counted), available =
    on hand less reserved."""

    serializer_class = StockRowSerializer
    pagination_class = StockPagination
    scopes = {"GET": Scope.STOCK_READ}
    permissions = {"GET": ["inventory.view_stockbalance"]}

    def get_queryset(self):
        balances = StockBalance.objects.filter(location__is_transit=False)
        if sku := self.request.query_params.get("sku"):
            balances = balances.filter(product__sku=sku)
        if warehouse := self.request.query_params.get("warehouse"):
            balances = balances.filter(location__warehouse__code=warehouse)
        return balances.values(
            "product_id",
            "product__sku",
            "product__name",
            "location__warehouse__code",
            "location__warehouse__name",
        ).annotate(
            total_on_hand=Sum("on_hand", output_field=QTY),
            total_reserved=Sum("reserved", output_field=QTY),
            total_available=Sum(F("on_hand") - F("reserved"), output_field=QTY),
        )
