"""Low-stock alerts (库存预警) and safety stock per warehouse."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from common.exceptions import DomainError
from common.lists import Column
from common.views import StaffCreateView, StaffListView, StaffMixin, StaffUpdateView
from inventory import selectors, services
from inventory.choices import AlertStatus
from inventory.forms import AlertFilterForm, WarehouseSafetyStockForm
from inventory.models import LowStockAlert, WarehouseSafetyStock


class AlertListView(StaffListView):
    """Open and acknowledged alerts by default; the status filter shows closed ones too."""

    model = LowStockAlert
    permission_required = "inventory.view_lowstockalert"
    template_name = "inventory/lowstockalert_list.html"
    filter_form_class = AlertFilterForm
    search_fields = ("product__sku", "product__name", "product__barcode")
    title = gettext_lazy("Low-stock alerts")
    columns = [
        Column(gettext_lazy("opened at"), "opened_at", sort="opened_at", kind="datetime"),
        Column(gettext_lazy("SKU"), "product.sku", sort="product__sku"),
        Column(gettext_lazy("name"), "product.name", sort="product__name"),
        Column(gettext_lazy("warehouse"), "warehouse", sort="warehouse__code"),
        Column(gettext_lazy("available when opened"), "available_at_open", kind="quantity"),
        Column(gettext_lazy("safety stock"), "safety_stock", kind="quantity"),
        Column(gettext_lazy("status"), "status", sort="status"),
    ]
    default_sort = ("-opened_at", "-id")

    def get_queryset(self):
        self.queryset = selectors.low_stock_alerts()
        queryset = super().get_queryset()
        if not self.request.GET.get("status"):
            queryset = queryset.exclude(status=AlertStatus.CLOSED)
        return queryset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_acknowledge"] = self.request.user.has_perm("inventory.change_lowstockalert")
        return context


class AlertAcknowledgeView(StaffMixin, TemplateView):
    """GET asks for confirmation; POST acknowledges."""

    model = LowStockAlert
    permission_required = "inventory.change_lowstockalert"
    template_name = "common/confirm.html"

    def get_context_data(self, **kwargs):
        alert = get_object_or_404(
            LowStockAlert.objects.select_related("product", "warehouse"), pk=self.kwargs["pk"]
        )
        return super().get_context_data(
            question=_(
                "Acknowledge the low-stock alert for %(product)s? It closes by itself when stock recovers."
            )
            % {"product": alert.product},
            button=_("Acknowledge"),
            cancel_url=reverse("inventory:alert-list"),
            **kwargs,
        )

    def post(self, request, pk):
        alert = get_object_or_404(LowStockAlert, pk=pk)
        try:
            services.low_stock_alert_acknowledge(alert=alert, by=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Alert for %(product)s acknowledged.") % {"product": alert.product})
        return redirect("inventory:alert-list")


class SafetyStockListView(StaffListView):
    model = WarehouseSafetyStock
    permission_required = "inventory.view_warehousesafetystock"
    filter_form_class = None
    search_fields = ("product__sku", "product__name", "warehouse__name")
    create_url_name = "inventory:safety-stock-create"
    title = gettext_lazy("Safety stock per warehouse")
    columns = [
        Column(gettext_lazy("SKU"), "product.sku", sort="product__sku", link=True),
        Column(gettext_lazy("name"), "product.name"),
        Column(gettext_lazy("warehouse"), "warehouse", sort="warehouse__code"),
        Column(gettext_lazy("safety stock"), "quantity", sort="quantity", kind="quantity"),
        Column(gettext_lazy("company-wide safety stock"), "product.safety_stock", kind="quantity"),
    ]
    default_sort = ("product__sku", "warehouse__code")

    def get_queryset(self):
        return super().get_queryset().select_related("product", "warehouse")


class SafetyStockCreateView(StaffCreateView):
    model = WarehouseSafetyStock
    form_class = WarehouseSafetyStockForm
    permission_required = "inventory.add_warehousesafetystock"

    def get_success_url(self):
        return reverse("inventory:safety-stock-list")


class SafetyStockUpdateView(StaffUpdateView):
    model = WarehouseSafetyStock
    form_class = WarehouseSafetyStockForm
    permission_required = "inventory.change_warehousesafetystock"

    def get_success_url(self):
        return reverse("inventory:safety-stock-list")
