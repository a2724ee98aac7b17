"""Deliveries (出库单): list, detail, edit while draft, ship, cancel, the printable delivery note."""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, TemplateView

from common.documents import document_history
from common.exceptions import DomainError
from common.lists import Column
from common.views import StaffListView, StaffMixin
from sales import services
from sales.forms import DeliveryFilterForm, DeliveryHeaderForm, DeliveryLineForm
from sales.models import Delivery
from sales.services import DeliveryLineData
from sales.views.common import DocumentActionView


class DeliveryListView(StaffListView):
    model = Delivery
    permission_required = "sales.view_delivery"
    title = gettext_lazy("deliveries")
    search_fields = ("number", "order__number", "customer__name", "tracking_number", "carrier")
    filter_form_class = DeliveryFilterForm
    default_sort = ("-date", "-id")
    columns = [
        Column(gettext_lazy("number"), "number", sort="number", link=True),
        Column(gettext_lazy("delivery date"), "date", sort="date", kind="date"),
        Column(gettext_lazy("sales order"), "order", sort="order__number"),
        Column(gettext_lazy("customer"), "customer", sort="customer__name"),
        Column(gettext_lazy("status"), "status", sort="status"),
        Column(gettext_lazy("carrier"), "carrier"),
        Column(gettext_lazy("tracking number"), "tracking_number"),
        Column(gettext_lazy("amount"), "total", sort="total", kind="money"),
    ]

    def get_queryset(self):
        self.queryset = Delivery.objects.select_related("order", "customer")
        return super().get_queryset()


class DeliveryDetailView(StaffMixin, DetailView):
    model = Delivery
    permission_required = "sales.view_delivery"
    template_name = "sales/delivery_detail.html"

    def get_queryset(self):
        return Delivery.objects.select_related("order", "customer", "warehouse", "shipped_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        delivery, user = self.object, self.request.user
        draft = delivery.status == "draft"
        context.update(
            lines=delivery.lines.select_related("product", "product__unit", "location", "lot", "order_line"),
            history=document_history(delivery),
            can_edit=draft and user.has_perm("sales.change_delivery"),
            can_ship=draft and user.has_perm("sales.ship_delivery"),
            can_cancel=draft and user.has_perm("sales.change_delivery"),
            show_cost=user.has_perm("finance.view_partnerledgerentry")
            or user.has_perm("sales.approve_salesorder"),
        )
        return context


class DeliveryPrintView(DeliveryDetailView):
    template_name = "sales/delivery_note.html"


class DeliveryEditView(StaffMixin, TemplateView):
    """Change the picks (location, lot, quantity; 0 drops a line), carrier and tracking number."""

    model = Delivery
    permission_required = "sales.change_delivery"
    template_name = "sales/delivery_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.delivery = get_object_or_404(Delivery.objects.select_related("order"), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def _line_forms(self, data=None):
        forms = []
        for index, line in enumerate(self.delivery.lines.select_related("product", "order_line")):
            form = DeliveryLineForm(
                data,
                prefix=f"line-{index}",
                warehouse=self.delivery.warehouse_id,
                product=line.product,
                initial={
                    "order_line": line.order_line_id,
                    "location": line.location_id,
                    "lot": line.lot_id,
                    "quantity": line.quantity,
                },
            )
            form.line = line
            forms.append(form)
        return forms

    def get(self, request, *args, **kwargs):
        form = DeliveryHeaderForm(instance=self.delivery)
        return self.render_to_response(self.get_context_data(form=form, line_forms=self._line_forms()))

    def post(self, request, *args, **kwargs):
        form = DeliveryHeaderForm(request.POST, instance=self.delivery)
        line_forms = self._line_forms(request.POST)
        if form.is_valid() and all(f.is_valid() for f in line_forms):
            lines = [
                DeliveryLineData(
                    f.cleaned_data["order_line"],
                    f.cleaned_data["location"],
                    f.cleaned_data["quantity"],
                    f.cleaned_data["lot"],
                )
                for f in line_forms
                if f.cleaned_data["quantity"]
            ]
            try:
                services.delivery_update(
                    delivery=self.delivery, by=request.user, lines=lines, **form.cleaned_data
                )
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("%(number)s was saved.") % {"number": self.delivery.number})
                return HttpResponseRedirect(self.delivery.get_absolute_url())
        return self.render_to_response(self.get_context_data(form=form, line_forms=line_forms), status=400)

    def get_context_data(self, **kwargs):
        return super().get_context_data(delivery=self.delivery, **kwargs)


class DeliveryShipView(DocumentActionView):
    model = Delivery
    permission_required = "sales.ship_delivery"
    success_message = gettext_lazy("%(number)s was shipped.")

    def act(self, delivery):
        post = self.request.POST
        return services.delivery_ship(
            delivery=delivery,
            by=self.request.user,
            carrier=post.get("carrier", delivery.carrier).strip(),
            tracking_number=post.get("tracking_number", delivery.tracking_number).strip(),
        )


class DeliveryCancelView(DocumentActionView):
    model = Delivery
    permission_required = "sales.change_delivery"
    success_message = gettext_lazy("%(number)s was cancelled.")

    def act(self, delivery):
        return services.delivery_cancel(delivery=delivery, by=self.request.user)
