"""Purchase orders: list, create and edit (draft only), detail with its actions, printable page."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView

from common.documents import document_history
from common.exceptions import DomainError
from common.lists import Column
from common.views import StaffListView, StaffMixin, form_add_domain_error
from purchasing import selectors, services
from purchasing.forms import (
    PurchaseOrderFilterForm,
    PurchaseOrderForm,
    PurchaseOrderLineFormSet,
    RejectForm,
)
from purchasing.models import PurchaseOrder
from purchasing.services import OrderLineData
from purchasing.views.base import DocumentActionView, allowed, lines_from_formset, may_decide


class PurchaseOrderListView(StaffListView):
    model = PurchaseOrder
    permission_required = "purchasing.view_purchaseorder"
    filter_form_class = PurchaseOrderFilterForm
    search_fields = ("number", "supplier__name", "supplier__code", "note")
    create_url_name = "purchasing:order-create"
    title = gettext_lazy("Purchase orders")
    columns = [
        Column(gettext_lazy("number"), "number", sort="number", link=True),
        Column(gettext_lazy("supplier"), "supplier.name", sort="supplier__name"),
        Column(gettext_lazy("order date"), "order_date", sort="order_date", kind="date"),
        Column(gettext_lazy("expected delivery"), "expected_date", sort="expected_date", kind="date"),
        Column(gettext_lazy("warehouse"), "warehouse.name"),
        Column(gettext_lazy("status"), "status", sort="status"),
        Column(gettext_lazy("total"), "total", sort="total", kind="money"),
        Column(gettext_lazy("created by"), "created_by"),
    ]
    default_sort = ("-created_at", "-id")

    def get_queryset(self):
        self.queryset = selectors.purchase_orders()
        return super().get_queryset()


def _order_line(data) -> OrderLineData:
    return OrderLineData(data["product"], data["quantity"], data["unit_price"], data.get("expected_date"))


def _header(form) -> dict:
    data = form.cleaned_data
    return {key: data[key] for key in ("supplier", "warehouse", "order_date", "expected_date", "note")}


class PurchaseOrderFormView(StaffMixin, View):
    """Header and lines on one page; the service writes both in one transaction."""

    model = PurchaseOrder  # says what the URL's pk is and which model permission the name implies
    template_name = "purchasing/purchaseorder_form.html"

    def render_form(self, form, formset, order=None):
        return render(
            self.request,
            self.template_name,
            {"form": form, "formset": formset, "object": order, "cancel_url": self.cancel_url(order)},
        )

    def cancel_url(self, order):
        return order.get_absolute_url() if order else reverse("purchasing:order-list")

    def valid_lines(self, form, formset):
        if not (form.is_valid() and formset.is_valid()):
            return None
        lines = lines_from_formset(formset, _order_line)
        if not lines:
            form.add_error(None, _("Add at least one line."))
            return None
        return lines


class PurchaseOrderCreateView(PurchaseOrderFormView):
    permission_required = "purchasing.add_purchaseorder"

    def get(self, request):
        initial = {"order_date": timezone.localdate(), "supplier": request.GET.get("supplier")}
        return self.render_form(PurchaseOrderForm(initial=initial), PurchaseOrderLineFormSet(prefix="lines"))

    def post(self, request):
        form = PurchaseOrderForm(request.POST)
        formset = PurchaseOrderLineFormSet(request.POST, prefix="lines")
        lines = self.valid_lines(form, formset)
        if lines is not None:
            token = form.cleaned_data.get("client_token")
            seen_before = bool(token) and PurchaseOrder.objects.filter(client_token=token).exists()
            try:
                order = services.purchase_order_create(
                    by=request.user, lines=lines, client_token=token, **_header(form)
                )
            except DomainError as error:
                form_add_domain_error(form, error)
            else:
                if seen_before:
                    messages.info(request, _("This form was already sent: %(number)s.") % {"number": order})
                else:
                    messages.success(request, _("%(number)s was created as a draft.") % {"number": order})
                return redirect(order)
        return self.render_form(form, formset)


class PurchaseOrderUpdateView(PurchaseOrderFormView):
    permission_required = "purchasing.change_purchaseorder"

    def get_order(self, pk):
        order = get_object_or_404(PurchaseOrder, pk=pk)
        if not order.is_editable:
            messages.error(self.request, _("Only a draft can be changed."))
        return order

    def get(self, request, pk):
        order = self.get_order(pk)
        if not order.is_editable:
            return redirect(order)
        lines = [
            {
                "product": line.product,
                "quantity": line.quantity,
                "unit_price": line.unit_price,
                "expected_date": line.expected_date,
            }
            for line in order.lines.select_related("product")
        ]
        return self.render_form(
            PurchaseOrderForm(instance=order), PurchaseOrderLineFormSet(prefix="lines", initial=lines), order
        )

    def post(self, request, pk):
        order = self.get_order(pk)
        if not order.is_editable:
            return redirect(order)
        form = PurchaseOrderForm(request.POST, instance=order)
        formset = PurchaseOrderLineFormSet(request.POST, prefix="lines")
        lines = self.valid_lines(form, formset)
        if lines is not None:
            try:
                services.purchase_order_update(order=order, by=request.user, lines=lines, **_header(form))
            except DomainError as error:
                form_add_domain_error(form, error)
            else:
                messages.success(request, _("%(number)s was saved.") % {"number": order})
                return redirect(order)
        return self.render_form(form, formset, order)


class PurchaseOrderDetailView(StaffMixin, DetailView):
    model = PurchaseOrder
    permission_required = "purchasing.view_purchaseorder"
    template_name = "purchasing/purchaseorder_detail.html"

    def get_queryset(self):
        return selectors.purchase_orders()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        order, user = self.object, self.request.user
        lines = list(selectors.purchase_order_lines(order=order))
        context.update(
            lines=lines,
            receipts=selectors.goods_receipts(queryset=order.receipts.all()).order_by("created_at"),
            receipt_lines=selectors.purchase_order_receipt_lines(order=order),
            has_differences=any(line.difference or line.rejected_quantity for line in lines),
            history=document_history(order),
            can_edit=order.is_editable and user.has_perm("purchasing.change_purchaseorder"),
            can_submit=allowed(order, "submit", user),
            can_decide=may_decide(order, user),
            can_reopen=allowed(order, "reopen", user),
            can_cancel=allowed(order, "cancel", user),
            can_close=allowed(order, "close", user),
            can_receive=allowed(order, "receive", user),
            is_creator=order.created_by_id == user.pk,
            reject_form=kwargs.get("reject_form") or RejectForm(),
        )
        return context


class PurchaseOrderPrintView(StaffMixin, DetailView):
    """The order as the supplier receives it: no navigation, print styles."""

    model = PurchaseOrder
    permission_required = "purchasing.view_purchaseorder"
    template_name = "purchasing/purchaseorder_print.html"

    def get_queryset(self):
        return selectors.purchase_orders()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["lines"] = selectors.purchase_order_lines(order=self.object)
        return context


class OrderSubmitView(DocumentActionView):
    model = PurchaseOrder
    permission_required = "purchasing.change_purchaseorder"

    def act(self, document):
        order = services.purchase_order_submit(order=document, by=self.request.user)
        self.success_message = (
            _("%(number)s was approved at once: its total is below the approval limit.")
            if order.status == "approved"
            else _("%(number)s was submitted for approval.")
        )
        return order


class OrderApproveView(DocumentActionView):
    model = PurchaseOrder
    permission_required = "purchasing.approve_purchaseorder"
    success_message = gettext_lazy("%(number)s was approved.")

    def act(self, document):
        return services.purchase_order_approve(order=document, by=self.request.user)


class OrderRejectView(StaffMixin, View):
    model = PurchaseOrder
    permission_required = "purchasing.approve_purchaseorder"

    def post(self, request, pk):
        order = get_object_or_404(PurchaseOrder, pk=pk)
        form = RejectForm(request.POST)
        if form.is_valid():
            try:
                services.purchase_order_reject(
                    order=order, by=request.user, reason=form.cleaned_data["reason"]
                )
            except DomainError as error:
                if error.field != "reason":
                    messages.error(request, error.message)
                    return redirect(order)
                form_add_domain_error(form, error)
            else:
                messages.success(request, _("%(number)s was rejected.") % {"number": order})
                return redirect(order)
        view = PurchaseOrderDetailView()
        view.setup(request, pk=pk)
        view.object = view.get_object()
        return view.render_to_response(view.get_context_data(reject_form=form), status=400)


class OrderReopenView(DocumentActionView):
    model = PurchaseOrder
    permission_required = "purchasing.change_purchaseorder"
    success_message = gettext_lazy("%(number)s is a draft again: correct it and submit it.")

    def act(self, document):
        return services.purchase_order_reopen(order=document, by=self.request.user)


class OrderCancelView(DocumentActionView):
    model = PurchaseOrder
    permission_required = "purchasing.change_purchaseorder"
    success_message = gettext_lazy("%(number)s was cancelled.")

    def act(self, document):
        return services.purchase_order_cancel(order=document, by=self.request.user)


class OrderCloseView(DocumentActionView):
    model = PurchaseOrder
    permission_required = "purchasing.close_purchaseorder"
    success_message = gettext_lazy("%(number)s was closed: nothing more is expected against it.")

    def act(self, document):
        return services.purchase_order_close(order=document, by=self.request.user)
