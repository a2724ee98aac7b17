from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response

from api.scopes import Scope
from api.serializers.returns import ReturnRequestCreateSerializer, ReturnRequestSerializer
from api.serializers.sales import TrackingInputSerializer
from api.views.base import ApiView, CreateMixin, ListApiView, RetrieveApiView
from returns import services
from returns.choices import RequestSource
from returns.models import ReturnLine, ReturnRequest


class ReturnRequestMixin:
    serializer_class = ReturnRequestSerializer
    scopes = {"GET": Scope.RETURNS_READ, "POST": Scope.RETURNS_WRITE}
    permissions = {"GET": ["returns.view_returnrequest"], "POST": ["returns.add_returnrequest"]}
    lookup_field = "number"

    def get_queryset(self):
        return ReturnRequest.objects.select_related("order", "customer", "refund").prefetch_related(
            Prefetch("lines", ReturnLine.objects.select_related("product", "reason"))
        )


@extend_schema(
    parameters=[
        OpenApiParameter("order", str, description=_("Sales order number.")),
        OpenApiParameter("status", str, description=_("Status code, e.g. approved.")),
    ]
)
class ReturnRequestListView(ReturnRequestMixin, CreateMixin, ListApiView):
    """Return requests, newest first; POST creates one from a sales order number with lines and reasons,
    through the returns services (source: API), and submits it unless told not to."""

    input_serializer_class = ReturnRequestCreateSerializer

    def filter_queryset(self, queryset):
        if order := self.request.query_params.get("order"):
            queryset = queryset.filter(order__number=order)
        if status := self.request.query_params.get("status"):
            queryset = queryset.filter(status=status)
        return queryset

    @extend_schema(request=ReturnRequestCreateSerializer, responses={201: ReturnRequestSerializer})
    def post(self, request, *args, **kwargs):
        return super().post(request, *args, **kwargs)

    def perform(self, data):
        if data["submit"] and not self.request.user.has_perm("returns.change_returnrequest"):
            self.permission_denied(
                self.request, _("Submitting needs the permission returns.change_returnrequest.")
            )
        order = data["order"]
        created = services.return_request_create(
            customer=order.customer,
            order=order,
            lines=[
                services.RequestLineData(
                    product=line["product"],
                    quantity=line["quantity"],
                    reason=line["reason"],
                    note=line.get("note", ""),
                )
                for line in data["lines"]
            ],
            note=data.get("note", ""),
            contact_name=data.get("contact_name", ""),
            contact_email=data.get("contact_email", ""),
            contact_phone=data.get("contact_phone", ""),
            source=RequestSource.API,
            by=self.request.user,
        )
        if data["submit"]:
            created = services.return_request_submit(request=created, by=self.request.user)
        return created


class ReturnRequestDetailView(ReturnRequestMixin, RetrieveApiView):
    """One return request: status, lines (received, accepted), the refund and its status."""


class ReturnTrackingView(ApiView):
    """A carrier posts the tracking number of the customer's return shipment (request submitted or
    approved); it shows on the request's timeline."""

    serializer_class = ReturnRequestSerializer
    scopes = {"POST": Scope.SHIPMENTS_WRITE}
    permissions = {"POST": ["returns.receive_returnrequest"]}
    lookup_field = "number"

    def get_queryset(self):
        return ReturnRequestMixin.get_queryset(self)

    @extend_schema(request=TrackingInputSerializer, responses={200: ReturnRequestSerializer})
    def post(self, request, number):
        return_request = self.get_object()
        incoming = TrackingInputSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        return_request = services.return_tracking_post(
            request=return_request, by=request.user, **incoming.validated_data
        )
        return Response(ReturnRequestSerializer(self.get_queryset().get(pk=return_request.pk)).data)
