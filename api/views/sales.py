from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response

from api.scopes import Scope
from api.serializers.sales import (
    DeliverySerializer,
    SalesOrderCreateSerializer,
    SalesOrderSerializer,
    TrackingInputSerializer,
)
from api.views.base import ApiView, CreateMixin, ListApiView, RetrieveApiView
from sales import services
from sales.models import Delivery, SalesOrder, SalesOrderLine


class SalesOrderMixin:
    serializer_class = SalesOrderSerializer
    scopes = {"GET": Scope.ORDERS_READ, "POST": Scope.ORDERS_WRITE}
    permissions = {"GET": ["sales.view_salesorder"], "POST": ["sales.add_salesorder"]}
    lookup_field = "number"

    def get_queryset(self):
        return (
            SalesOrder.objects.filter(is_retail=False)
            .select_related("customer", "warehouse")
            .prefetch_related(
                Prefetch("lines", SalesOrderLine.objects.select_related("product")),
                Prefetch("deliveries", Delivery.objects.select_related("order")),
            )
        )


@extend_schema(
    parameters=[
        OpenApiParameter("customer", str, description=_("Customer code.")),
        OpenApiParameter("status", str, description=_("Status code, e.g. approved.")),
    ]
)
class SalesOrderListView(SalesOrderMixin, CreateMixin, ListApiView):
    """Sales orders, newest first; POST creates a draft through the sales services (and submits it when
    asked, which approves it at once when within the credit limit and in stock)."""

    input_serializer_class = SalesOrderCreateSerializer

    def filter_queryset(self, queryset):
        if customer := self.request.query_params.get("customer"):
            queryset = queryset.filter(customer__code=customer)
        if status := self.request.query_params.get("status"):
            queryset = queryset.filter(status=status)
        return queryset

    @extend_schema(request=SalesOrderCreateSerializer, responses={201: SalesOrderSerializer})
    def post(self, request, *args, **kwargs):
        return super().post(request, *args, **kwargs)

    def perform(self, data):
        if data["submit"] and not self.request.user.has_perm("sales.change_salesorder"):
            self.permission_denied(
                self.request, _("Submitting needs the permission sales.change_salesorder.")
            )
        order = services.sales_order_create(
            customer=data["customer"],
            warehouse=data["warehouse"],
            order_date=data["order_date"],
            expected_date=data.get("expected_date"),
            note=data.get("note", ""),
            lines=[
                services.OrderLineData(
                    product=line["product"],
                    quantity=line["quantity"],
                    unit_price=line.get("unit_price"),
                    discount_percent=line.get("discount_percent") or 0,
                )
                for line in data["lines"]
            ],
            by=self.request.user,
        )
        if data["submit"]:
            order = services.sales_order_submit(order=order, by=self.request.user)
        return order


class SalesOrderDetailView(SalesOrderMixin, RetrieveApiView):
    """One sales order with its status, lines and deliveries (carrier and tracking number)."""


class DeliveryTrackingView(ApiView):
    """A carrier posts the tracking number of a delivery (any delivery not cancelled)."""

    serializer_class = DeliverySerializer
    scopes = {"POST": Scope.SHIPMENTS_WRITE}
    permissions = {"POST": ["sales.change_delivery"]}
    lookup_field = "number"

    def get_queryset(self):
        return Delivery.objects.select_related("order")

    @extend_schema(request=TrackingInputSerializer, responses={200: DeliverySerializer})
    def post(self, request, number):
        delivery = self.get_object()
        incoming = TrackingInputSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        delivery = services.delivery_tracking_post(
            delivery=delivery, by=request.user, **incoming.validated_data
        )
        return Response(DeliverySerializer(self.get_queryset().get(pk=delivery.pk)).data)
