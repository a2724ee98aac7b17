"""Replenishment suggestions (补货建议): the open suggestions, recompute, and order the selected ones."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from common.exceptions import DomainError
from common.lists import Column
from common.notifications.enqueue import task_enqueue
from common.views import StaffListView, StaffMixin
from inventory.models import Warehouse
from purchasing.choices import SuggestionStatus
from purchasing.forms import ReplenishmentComputeForm, ReplenishmentFilterForm, ReplenishmentOrderForm
from purchasing.models import ReplenishmentRun, ReplenishmentSuggestion
from purchasing.services import replenishment
from purchasing.tasks import replenishment_suggest


class ReplenishmentListView(StaffListView):
    model = ReplenishmentSuggestion
    permission_required = "purchasing.view_replenishmentsuggestion"
    template_name = "purchasing/replenishment.html"
    filter_form_class = ReplenishmentFilterForm
    search_fields = ("product__sku", "product__name", "product__barcode", "supplier__name")
    title = gettext_lazy("Replenishment suggestions")
    columns = [
        Column(gettext_lazy("SKU"), "product.sku", sort="product__sku"),
        Column(gettext_lazy("product"), "product.name", sort="product__name"),
        Column(gettext_lazy("supplier"), "supplier.name", sort="supplier__name"),
        Column(gettext_lazy("available"), "available", sort="available", kind="quantity"),
        Column(gettext_lazy("on order"), "on_order", sort="on_order", kind="quantity"),
        Column(
            gettext_lazy("forecast per day"),
            "forecast_daily_demand",
            sort="forecast_daily_demand",
            kind="quantity",
        ),
        Column(gettext_lazy("lead time (days)"), "lead_time_days", sort="lead_time_days"),
        Column(gettext_lazy("reorder point"), "reorder_point", kind="quantity"),
        Column(gettext_lazy("order-up-to level"), "order_up_to", kind="quantity"),
        Column(gettext_lazy("minimum order"), "minimum_order_quantity", kind="quantity"),
        Column(gettext_lazy("suggested quantity"), "quantity", sort="quantity", kind="quantity"),
        Column(gettext_lazy("unit price"), "unit_price", kind="money"),
        Column(gettext_lazy("amount"), "amount", kind="money"),
    ]
    default_sort = ("supplier__name", "product__sku")

    def get_queryset(self):
        self.queryset = ReplenishmentSuggestion.objects.filter(status=SuggestionStatus.OPEN).select_related(
            "product__unit", "supplier"
        )
        return super().get_queryset()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        last_run = ReplenishmentRun.objects.select_related("requested_by").first()
        user = self.request.user
        context.update(
            last_run=last_run,
            running=last_run is not None and last_run.finished_at is None,
            compute_form=ReplenishmentComputeForm(
                initial={
                    "window_days": last_run.window_days if last_run else replenishment.DEFAULT_WINDOW_DAYS,
                    "cover_days": last_run.cover_days if last_run else replenishment.DEFAULT_COVER_DAYS,
                }
            )
            if user.has_perm("purchasing.compute_replenishment")
            else None,
            order_form=ReplenishmentOrderForm(
                initial={"warehouse": Warehouse.objects.filter(is_active=True).first()}
            )
            if user.has_perm("purchasing.add_purchaseorder")
            else None,
            default_lead_time=replenishment.DEFAULT_LEAD_TIME_DAYS,
        )
        return context


class ReplenishmentComputeView(StaffMixin, View):
    """Recompute now: through the worker when the broker answers, else right here in the request."""

    permission_required = "purchasing.compute_replenishment"

    def post(self, request):
        form = ReplenishmentComputeForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect("purchasing:replenishment")
        window, cover = form.cleaned_data["window_days"], form.cleaned_data["cover_days"]
        if not settings.CELERY_TASK_ALWAYS_EAGER and task_enqueue(
            replenishment_suggest, window, cover, request.user.pk
        ):
            messages.info(request, _("The suggestions are being recomputed; refresh this page in a moment."))
            return redirect("purchasing:replenishment")
        try:
            result = replenishment.replenishment_compute(
                window_days=window, cover_days=cover, by=request.user
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("Recomputed: %(products)s products checked, %(count)s suggestions.")
                % {"products": result["products_checked"], "count": result["suggestions"]},
            )
        return redirect("purchasing:replenishment")


class ReplenishmentOrderView(StaffMixin, View):
    permission_required = "purchasing.add_purchaseorder"

    def post(self, request):
        form = ReplenishmentOrderForm(request.POST)
        ids = [
            int(value) for value in request.POST.getlist("suggestions") if value.isdigit() and len(value) < 12
        ]
        if not form.is_valid():
            messages.error(request, _("Choose the warehouse the goods are to be delivered to."))
            return redirect("purchasing:replenishment")
        try:
            orders = replenishment.replenishment_order(
                suggestion_ids=ids, warehouse=form.cleaned_data["warehouse"], by=request.user
            )
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("purchasing:replenishment")
        messages.success(
            request,
            _("Created %(count)s draft purchase orders: %(numbers)s. Check and submit them for approval.")
            % {"count": len(orders), "numbers": ", ".join(order.number for order in orders)},
        )
        if len(orders) == 1:
            return redirect(orders[0])
        return redirect("purchasing:order-list")
