"""Returns to suppliers (采购退货): list, create and edit (draft only), detail with its actions."""

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
from finance import selectors as finance_selectors
from finance.choices import PartnerType
from inventory import selectors as inventory_selectors
from purchasing import selectors, services
from purchasing.forms import (
    PurchaseReturnFilterForm,
    PurchaseReturnForm,
    PurchaseReturnLineFormSet,
    RejectForm,
)
from purchasing.models import PurchaseReturn
from purchasing.services import ReturnLineData
from purchasing.views.base import DocumentActionView, allowed, lines_from_formset, may_decide


class PurchaseReturnListView(StaffListView):
    model = PurchaseReturn
    permission_required = "purchasing.view_purchasereturn"
    filter_form_class = PurchaseReturnFilterForm
    search_fields = ("number", "supplier__name", "reason")
    create_url_name = "purchasing:return-create"
    title = gettext_lazy("Purchase returns")
    columns = [
        Column(gettext_lazy("number"), "number", sort="number", link=True),
        Column(gettext_lazy("supplier"), "supplier.name", sort="supplier__name"),
        Column(gettext_lazy("date"), "date", sort="date", kind="date"),
        Column(gettext_lazy("warehouse"), "warehouse.name"),
        Column(gettext_lazy("reason"), "reason"),
        Column(gettext_lazy("status"), "status", sort="status"),
        Column(gettext_lazy("credit"), "total", sort="total", kind="money"),
        Column(gettext_lazy("created by"), "created_by"),
    ]
    default_sort = ("-created_at", "-id")

    def get_queryset(self):
        self.queryset = selectors.purchase_returns()
        return super().get_queryset()


def _return_line(data) -> ReturnLineData:
    return ReturnLineData(
        product=data["product"],
        location=data["location"],
        quantity=data["quantity"],
        lot=data.get("lot"),
        note=data.get("note", ""),
    )


def _header(form) -> dict:
    data = form.cleaned_data
    return {key: data[key] for key in ("supplier", "warehouse", "date", "reason", "note")}


class PurchaseReturnFormView(StaffMixin, View):
    model = PurchaseReturn
    template_name = "purchasing/purchasereturn_form.html"

    def render_form(self, form, formset, document=None):
        cancel_url = document.get_absolute_url() if document else reverse("purchasing:return-list")
        return render(
            self.request,
            self.template_name,
            {"form": form, "formset": formset, "object": document, "cancel_url": cancel_url},
        )

    def valid_lines(self, form, formset):
        if not (form.is_valid() and formset.is_valid()):
            return None
        lines = lines_from_formset(formset, _return_line)
        if not lines:
            form.add_error(None, _("Add at least one line."))
            return None
        return lines


class PurchaseReturnCreateView(PurchaseReturnFormView):
    permission_required = "purchasing.add_purchasereturn"

    def get(self, request):
        initial = {"date": timezone.localdate(), "supplier": request.GET.get("supplier")}
        return self.render_form(
            PurchaseReturnForm(initial=initial), PurchaseReturnLineFormSet(prefix="lines")
        )

    def post(self, request):
        form = PurchaseReturnForm(request.POST)
        formset = PurchaseReturnLineFormSet(request.POST, prefix="lines")
        lines = self.valid_lines(form, formset)
        if lines is not None:
            try:
                document = services.purchase_return_create(
                    by=request.user,
                    lines=lines,
                    client_token=form.cleaned_data["client_token"],
                    **_header(form),
                )
            except DomainError as error:
                form_add_domain_error(form, error)
            else:
                messages.success(request, _("%(number)s was saved as a draft.") % {"number": document})
                return redirect(document)
        return self.render_form(form, formset)


class PurchaseReturnUpdateView(PurchaseReturnFormView):
    permission_required = "purchasing.change_purchasereturn"

    def get_document(self, pk):
        document = get_object_or_404(PurchaseReturn, pk=pk)
        if not document.is_editable:
            messages.error(self.request, _("Only a draft can be changed."))
        return document

    def get(self, request, pk):
        document = self.get_document(pk)
        if not document.is_editable:
            return redirect(document)
        initial = [
            {
                "product": line.product,
                "location": line.location,
                "lot": line.lot,
                "quantity": line.quantity,
                "note": line.note,
            }
            for line in document.lines.select_related("product", "location", "lot")
        ]
        return self.render_form(
            PurchaseReturnForm(instance=document),
            PurchaseReturnLineFormSet(prefix="lines", initial=initial),
            document,
        )

    def post(self, request, pk):
        document = self.get_document(pk)
        if not document.is_editable:
            return redirect(document)
        form = PurchaseReturnForm(request.POST, instance=document)
        formset = PurchaseReturnLineFormSet(request.POST, prefix="lines")
        lines = self.valid_lines(form, formset)
        if lines is not None:
            try:
                services.purchase_return_update(
                    document=document, by=request.user, lines=lines, **_header(form)
                )
            except DomainError as error:
                form_add_domain_error(form, error)
            else:
                messages.success(request, _("%(number)s was saved.") % {"number": document})
                return redirect(document)
        return self.render_form(form, formset, document)


class PurchaseReturnDetailView(StaffMixin, DetailView):
    model = PurchaseReturn
    permission_required = "purchasing.view_purchasereturn"
    template_name = "purchasing/purchasereturn_detail.html"

    def get_queryset(self):
        return selectors.purchase_returns()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        document, user = self.object, self.request.user
        lines = list(document.lines.select_related("product__unit", "location__warehouse", "lot"))
        if document.status != "shipped":
            on_hand = {
                (b.product_id, b.location_id, b.lot_id): b.available
                for b in inventory_selectors.stock_balances().filter(
                    product_id__in=[line.product_id for line in lines],
                    location_id__in=[line.location_id for line in lines],
                )
            }
            for line in lines:
                line.available = on_hand.get((line.product_id, line.location_id, line.lot_id), 0)
        context.update(
            lines=lines,
            history=document_history(document),
            can_edit=document.is_editable and user.has_perm("purchasing.change_purchasereturn"),
            can_submit=allowed(document, "submit", user),
            can_decide=may_decide(document, user),
            can_reopen=allowed(document, "reopen", user),
            can_cancel=allowed(document, "cancel", user),
            can_ship=allowed(document, "ship", user),
            reject_form=kwargs.get("reject_form") or RejectForm(),
        )
        balance = finance_selectors.partner_balance(
            partner_type=PartnerType.SUPPLIER, partner_id=document.supplier_id
        )
        context.update(supplier_balance=balance, refund_due=-balance if balance < 0 else None)
        if document.status != "shipped":
            context["estimated_credit"] = selectors.purchase_return_estimates(document_ids=[document.pk]).get(
                document.pk
            )
        return context


class ReturnSubmitView(DocumentActionView):
    model = PurchaseReturn
    permission_required = "purchasing.change_purchasereturn"
    success_message = gettext_lazy("%(number)s was submitted for approval.")

    def act(self, document):
        return services.purchase_return_submit(document=document, by=self.request.user)


class ReturnApproveView(DocumentActionView):
    model = PurchaseReturn
    permission_required = "purchasing.approve_purchasereturn"
    success_message = gettext_lazy("%(number)s was approved; it can be shipped now.")

    def act(self, document):
        return services.purchase_return_approve(document=document, by=self.request.user)


class ReturnRejectView(StaffMixin, View):
    model = PurchaseReturn
    permission_required = "purchasing.approve_purchasereturn"

    def post(self, request, pk):
        document = get_object_or_404(PurchaseReturn, pk=pk)
        form = RejectForm(request.POST)
        if form.is_valid():
            try:
                services.purchase_return_reject(
                    document=document, by=request.user, reason=form.cleaned_data["reason"]
                )
            except DomainError as error:
                if error.field != "reason":
                    messages.error(request, error.message)
                    return redirect(document)
                form_add_domain_error(form, error)
            else:
                messages.success(request, _("%(number)s was rejected.") % {"number": document})
                return redirect(document)
        view = PurchaseReturnDetailView()
        view.setup(request, pk=pk)
        view.object = view.get_object()
        return view.render_to_response(view.get_context_data(reject_form=form), status=400)


class ReturnReopenView(DocumentActionView):
    model = PurchaseReturn
    permission_required = "purchasing.change_purchasereturn"
    success_message = gettext_lazy("%(number)s is a draft again.")

    def act(self, document):
        return services.purchase_return_reopen(document=document, by=self.request.user)


class ReturnCancelView(DocumentActionView):
    model = PurchaseReturn
    permission_required = "purchasing.change_purchasereturn"
    success_message = gettext_lazy("%(number)s was cancelled.")

    def act(self, document):
        return services.purchase_return_cancel(document=document, by=self.request.user)


class ReturnShipView(DocumentActionView):
    model = PurchaseReturn
    permission_required = "purchasing.ship_purchasereturn"

    def act(self, document):
        document = services.purchase_return_ship(document=document, by=self.request.user)
        balance = finance_selectors.partner_balance(
            partner_type=PartnerType.SUPPLIER, partner_id=document.supplier_id
        )
        if balance < 0:
            self.success_message = _(
                "%%(number)s was shipped: the goods left stock and %(refund)s is now due back "
                "from the supplier."
            ) % {"refund": -balance}
        else:
            self.success_message = _(
                "%%(number)s was shipped: the goods left stock and the payable went down by %(credit)s."
            ) % {"credit": document.total}
        return document
