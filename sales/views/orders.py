"""Sales orders: list, create and edit (draft only) with a line formset, detail with the actions."""

from decimal import Decimal

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, TemplateView

from common.documents import document_history
from common.exceptions import DomainError
from common.lists import Column
from common.panels import detail_panels
from common.views import StaffListView, StaffMixin
from sales import selectors, services
from sales.choices import SHIPPABLE_ORDER_STATUSES, SalesOrderStatus
from sales.forms import PaymentForm, SalesOrderFilterForm, SalesOrderForm, SalesOrderLineFormSet
from sales.models import SalesOrder
from sales.services import OrderLineData
from sales.views.common import DocumentActionView

SOS = SalesOrderStatus


class SalesOrderListView(StaffListView):
    model = SalesOrder
    permission_required = "sales.view_salesorder"
    title = gettext_lazy("sales orders")
    search_fields = ("number", "customer__name", "customer__code", "note")
    filter_form_class = SalesOrderFilterForm
    create_url_name = "sales:order-create"
    default_sort = ("-order_date", "-id")
    columns = [
        Column(gettext_lazy("number"), "number", sort="number", link=True),
        Column(gettext_lazy("order date"), "order_date", sort="order_date", kind="date"),
        Column(gettext_lazy("customer"), "customer", sort="customer__name"),
        Column(gettext_lazy("status"), "status", sort="status"),
        Column(gettext_lazy("salesperson"), "created_by", sort="created_by__username"),
        Column(gettext_lazy("expected delivery"), "expected_date", sort="expected_date", kind="date"),
        Column(gettext_lazy("total"), "total", sort="total", kind="money"),
        Column(gettext_lazy("outstanding"), "outstanding", sort="outstanding", kind="money"),
    ]

    def get_queryset(self):
        orders = SalesOrder.objects.select_related("customer", "created_by")
        kind = self.kwargs.get("kind")  # 零售查询 / 批发查询: the same list, retail or wholesale only
        if kind:
            orders = orders.filter(is_retail=kind == "retail")
            self.title = (
                gettext_lazy("retail sales") if kind == "retail" else gettext_lazy("wholesale orders")
            )
        self.queryset = selectors.orders_with_collection(orders)
        return super().get_queryset()


def _lines_from(formset) -> list[OrderLineData]:
    lines = []
    for form in formset.forms:
        data = form.cleaned_data
        if not data or data.get("DELETE") or not data.get("product"):
            continue
        lines.append(
            OrderLineData(
                product=data["product"],
                quantity=data["quantity"],
                unit_price=data.get("unit_price"),
                discount_percent=data.get("discount_percent") or Decimal("0"),
            )
        )
    return lines


class SalesOrderFormView(StaffMixin, TemplateView):
    """Create (no ``pk``) or edit a draft: the header form and the line formset, one service call."""

    model = SalesOrder  # create needs add_salesorder, edit change_salesorder
    template_name = "sales/salesorder_form.html"

    def get_permission_required(self):
        return ["sales.change_salesorder" if "pk" in self.kwargs else "sales.add_salesorder"]

    def get_order(self):
        if "pk" not in self.kwargs:
            return None
        return get_object_or_404(SalesOrder, pk=self.kwargs["pk"])

    def get(self, request, *args, **kwargs):
        order = self.get_order()
        if order and not order.is_editable:
            messages.error(request, _("Only a draft can be changed."))
            return HttpResponseRedirect(order.get_absolute_url())
        if order:
            form = SalesOrderForm(instance=order)
            initial = [
                {
                    "product": line.product,
                    "quantity": line.quantity,
                    "unit_price": line.unit_price,
                    "discount_percent": line.discount_percent,
                }
                for line in order.lines.all()
            ]
            formset = SalesOrderLineFormSet(initial=initial, prefix="lines")
        else:
            form = SalesOrderForm(initial={"order_date": timezone.localdate(), **request.GET.dict()})
            formset = SalesOrderLineFormSet(prefix="lines")
        return self.render_to_response(self.get_context_data(form=form, formset=formset, order=order))

    def post(self, request, *args, **kwargs):
        order = self.get_order()
        form = SalesOrderForm(request.POST, instance=order)
        formset = SalesOrderLineFormSet(request.POST, prefix="lines")
        if form.is_valid() and formset.is_valid():
            data = form.cleaned_data
            header = {
                "customer": data["customer"],
                "warehouse": data["warehouse"],
                "order_date": data["order_date"],
                "expected_date": data["expected_date"],
                "price_type": data["price_type"] or None,
                "note": data["note"],
                "lines": _lines_from(formset),
                "by": request.user,
            }
            try:
                if order:
                    order = services.sales_order_update(order=order, **header)
                else:
                    order = services.sales_order_create(client_token=data.get("client_token"), **header)
            except DomainError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, _("%(number)s was saved.") % {"number": order.number})
                return HttpResponseRedirect(order.get_absolute_url())
        return self.render_to_response(
            self.get_context_data(form=form, formset=formset, order=order), status=400
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        order = kwargs.get("order")
        context["form_title"] = _("Edit %(object)s") % {"object": order} if order else _("New sales order")
        context["cancel_url"] = order.get_absolute_url() if order else reverse("sales:order-list")
        return context


class SalesOrderDetailView(StaffMixin, DetailView):
    model = SalesOrder
    permission_required = "sales.view_salesorder"
    template_name = "sales/salesorder_detail.html"

    def get_queryset(self):
        return selectors.orders_with_collection(SalesOrder.objects.select_related("customer", "warehouse"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        order, user = self.object, self.request.user
        own = order.created_by_id == user.pk
        can_change = user.has_perm("sales.change_salesorder")
        can_approve = user.has_perm("sales.approve_salesorder") and not own
        context.update(
            lines=order.lines.select_related("product", "product__unit"),
            reservations=selectors.order_reservations(order),
            deliveries=order.deliveries.all(),
            payments=order.payments.all(),
            retail_returns=order.retail_returns.all(),
            history=document_history(order),
            can_edit=can_change and order.status == SOS.DRAFT,
            can_submit=can_change and order.status == SOS.DRAFT,
            can_decide=can_approve and order.status == SOS.SUBMITTED,
            can_reopen=can_change and order.status == SOS.REJECTED,
            can_cancel=can_change and order.status in (SOS.DRAFT, SOS.SUBMITTED, SOS.APPROVED, SOS.REJECTED),
            can_complete=can_change and order.status == SOS.SHIPPED,
            can_close_short=can_change and order.status == SOS.PARTIALLY_SHIPPED,
            can_deliver=user.has_perm("sales.add_delivery") and order.status in SHIPPABLE_ORDER_STATUSES,
            can_collect=user.has_perm("sales.add_salespayment") and order.outstanding > 0,
            can_return=user.has_perm("sales.use_retail_counter")
            and order.is_retail
            and order.status == SOS.COMPLETED,
            payment_form=PaymentForm(initial={"amount": order.outstanding, "date": timezone.localdate()}),
        )
        # Apps that depend on sales (returns: the order's return status and "return" action) add panels.
        context["panels"] = detail_panels(order, user)
        if order.status == SOS.SUBMITTED and not order.approval_note:
            context["approval_reasons"] = services.approval_reasons(order)
        return context


class OrderSubmitView(DocumentActionView):
    model = SalesOrder
    permission_required = "sales.change_salesorder"

    def act(self, order):
        order = services.sales_order_submit(order=order, by=self.request.user)
        self.success_message = (
            _("%(number)s was approved and its stock reserved.")
            if order.status == SOS.APPROVED
            else _("%(number)s waits for an approver.")
        )
        return order


class OrderApproveView(DocumentActionView):
    model = SalesOrder
    permission_required = "sales.approve_salesorder"
    success_message = gettext_lazy("%(number)s was approved and its stock reserved.")

    def act(self, order):
        return services.sales_order_approve(order=order, by=self.request.user)


class OrderRejectView(DocumentActionView):
    model = SalesOrder
    permission_required = "sales.approve_salesorder"
    success_message = gettext_lazy("%(number)s was rejected.")

    def act(self, order):
        return services.sales_order_reject(
            order=order, by=self.request.user, reason=self.request.POST.get("reason", "")
        )


class OrderReopenView(DocumentActionView):
    model = SalesOrder
    permission_required = "sales.change_salesorder"
    success_message = gettext_lazy("%(number)s is a draft again.")

    def act(self, order):
        return services.sales_order_reopen(order=order, by=self.request.user)


class OrderCancelView(DocumentActionView):
    model = SalesOrder
    permission_required = "sales.change_salesorder"
    success_message = gettext_lazy("%(number)s was cancelled; its reserved stock is free again.")

    def act(self, order):
        return services.sales_order_cancel(order=order, by=self.request.user)


class OrderCompleteView(DocumentActionView):
    model = SalesOrder
    permission_required = "sales.change_salesorder"
    success_message = gettext_lazy("%(number)s is completed.")

    def act(self, order):
        if order.status == SOS.PARTIALLY_SHIPPED:
            self.success_message = _(
                "%(number)s was closed short; the stock held for the rest is free again."
            )
        return services.sales_order_complete(
            order=order, by=self.request.user, comment=self.request.POST.get("reason", "")
        )


class OrderDeliverView(DocumentActionView):
    """Draft a delivery of everything still open, picked from the reserved locations."""

    model = SalesOrder
    permission_required = "sales.add_delivery"
    success_message = gettext_lazy("A delivery of %(number)s was drafted: check it and ship it.")

    def act(self, order):
        return services.delivery_create(order=order, by=self.request.user, date=timezone.localdate())


class OrderPaymentView(DocumentActionView):
    model = SalesOrder
    permission_required = "sales.add_salespayment"
    success_message = gettext_lazy("The payment for %(number)s was recorded.")

    def act(self, order):
        form = PaymentForm(self.request.POST)
        if not form.is_valid():
            raise DomainError(" ".join(e for errors in form.errors.values() for e in errors))
        services.sales_payment_post(order=order, by=self.request.user, **form.cleaned_data)
        return order
