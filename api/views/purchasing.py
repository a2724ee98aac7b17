from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema

from api.scopes import Scope
from api.serializers.purchasing import PurchaseOrderSerializer
from api.views.base import ListApiView, RetrieveApiView
from purchasing.models import PurchaseOrder, PurchaseOrderLine


class PurchaseOrderMixin:
    serializer_class = PurchaseOrderSerializer
    scopes = {"GET": Scope.PURCHASING_READ}
    permissions = {"GET": ["purchasing.view_purchaseorder"]}
    lookup_field = "number"

    def get_queryset(self):
        return PurchaseOrder.objects.select_related("supplier", "warehouse").prefetch_related(
            Prefetch("lines", PurchaseOrderLine.objects.select_related("product"))
        )


@extend_schema(
    parameters=[
        OpenApiParameter("supplier", str, description=_("Supplier code.")),
        OpenApiParameter("status", str, description=_("Status code, e.g. approved.")),
    ]
)
class PurchaseOrderListView(PurchaseOrderMixin, ListApiView):
    def filter_queryset(self, queryset):
        if supplier := self.request.query_params.get("supplier"):
            queryset = queryset.filter(supplier__code=supplier)
        if status := self.request.query_params.get("status"):
            queryset = queryset.filter(status=status)
        return queryset


class PurchaseOrderDetailView(PurchaseOrderMixin, RetrieveApiView):
    pass
