"""Finance screens: payments, receipts and refunds with their allocations, allocating a credit later,
invoices with contracts. The lists with Excel export (open items, statement, history, statistics) are
reports in ``reports/definitions/finance.py``."""

import mimetypes

from django.contrib import messages
from django.db.models import Sum
from django.db.models.functions import Coalesce
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, FormView

from common.exceptions import DomainError
from common.lists import Column
from common.views import StaffListView, StaffMixin, form_add_domain_error
from finance import selectors, services
from finance.choices import DOCUMENT_TYPE_LABELS, PAYMENT_KIND_RULES, PartnerType, PaymentKind
from finance.forms import (
    AllocateForm,
    InvoiceFilterForm,
    InvoiceForm,
    PartnerChoiceForm,
    PaymentFilterForm,
    PaymentForm,
)
from finance.models import Invoice, Payment
from finance.partners import order_find, partner_queryset, partner_ref, partner_url
from finance.selectors import DocumentRef

KIND_TITLES = {
    PaymentKind.SUPPLIER_PAYMENT: gettext_lazy("Payment to a supplier"),
    PaymentKind.SUPPLIER_REFUND: gettext_lazy("Refund received from a supplier"),
    PaymentKind.CUSTOMER_RECEIPT: gettext_lazy("Receipt from a customer"),
    PaymentKind.CUSTOMER_REFUND: gettext_lazy("Refund paid to a customer"),
}


def settleable_documents(*, partner_type: str, partner_id: int, ledger_sign: int):
    """Open documents a payment with this ledger sign can settle: those of the opposite sign."""
    rows = selectors.partner_open_documents(partner_type=partner_type, partner_id=partner_id)
    return rows.filter(net__gt=0) if ledger_sign < 0 else rows.filter(net__lt=0)


class PaymentListView(StaffListView):
    model = Payment
    permission_required = "finance.view_payment"
    title = gettext_lazy("Payments and refunds")
    template_name = "finance/payment_list.html"
    filter_form_class = PaymentFilterForm
    search_fields = ("number", "partner_name", "reference")
    default_sort = ("-date", "-id")
    columns = [
        Column(gettext_lazy("number"), "number", sort="number", link=True),
        Column(gettext_lazy("date"), "date", sort="date", kind="date"),
        Column(gettext_lazy("kind"), "get_kind_display", sort="kind"),
        Column(gettext_lazy("partner"), "partner_name", sort="partner_name"),
        Column(gettext_lazy("method"), "get_method_display", sort="method"),
        Column(gettext_lazy("reference"), "reference"),
        Column(gettext_lazy("amount"), "amount", sort="amount", kind="money"),
        Column(gettext_lazy("allocated"), "allocated", kind="money"),
    ]

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .annotate(
                allocated=Coalesce(Sum("allocations__amount"), selectors.ZERO, output_field=selectors.MONEY)
            )
        )


class PaymentCreateView(StaffMixin, FormView):
    """付供货商欠款登记 / 供货商退款登记 / 收款登记 / 退款登记: choose the partner, then enter the payment
    and how much of it goes to each open document."""

    model = Payment
    permission_required = "finance.add_payment"
    template_name = "finance/payment_form.html"

    def dispatch(self, request, *args, **kwargs):
        if kwargs["kind"] not in PaymentKind.values:
            raise Http404
        self.kind = PaymentKind(kwargs["kind"])
        self.partner_type, _entry_type, self.sign, _prefix = PAYMENT_KIND_RULES[self.kind]
        return super().dispatch(request, *args, **kwargs)

    def partner_form(self):
        label = _("supplier") if self.partner_type == PartnerType.SUPPLIER else _("customer")
        return PartnerChoiceForm(
            self.request.GET or None, queryset=partner_queryset(self.partner_type), label=label
        )

    def get_partner(self):
        if not hasattr(self, "_partner"):
            form = self.partner_form()
            self._partner = form.cleaned_data["partner"] if form.is_valid() else None
        return self._partner

    def get_form(self, form_class=None):
        partner = self.get_partner()
        if partner is None:
            return None
        documents = settleable_documents(
            partner_type=self.partner_type, partner_id=partner.pk, ledger_sign=self.sign
        )
        return PaymentForm(**self.get_form_kwargs(), documents=documents)

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if form is None:
            return HttpResponseRedirect(request.path)
        if not form.is_valid():
            return self.form_invalid(form)
        partner = self.get_partner()
        try:
            payment = services.payment_post(
                kind=self.kind,
                partner=partner_ref(self.partner_type, partner),
                amount=form.cleaned_data["amount"],
                date=form.cleaned_data["date"],
                method=form.cleaned_data["method"],
                reference=form.cleaned_data["reference"],
                note=form.cleaned_data["note"],
                allocations=form.allocations(),
                by=request.user,
            )
        except DomainError as error:
            form_add_domain_error(form, error)
            return self.form_invalid(form)
        messages.success(request, _("%(number)s was posted.") % {"number": payment.number})
        return HttpResponseRedirect(payment.get_absolute_url())

    def get_context_data(self, **kwargs):
        partner = self.get_partner()
        context = super().get_context_data(**kwargs)
        context.update(
            title=KIND_TITLES[self.kind],
            partner_form=self.partner_form(),
            partner=partner,
        )
        if partner is not None:
            context["balance"] = selectors.partner_balance(
                partner_type=self.partner_type, partner_id=partner.pk
            )
        return context


class PaymentDetailView(StaffMixin, DetailView):
    model = Payment
    permission_required = "finance.view_payment"
    template_name = "finance/payment_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        payment = self.object
        unallocated = selectors.payment_unallocated(payment)
        context.update(
            allocations=payment.allocations.order_by("date", "id"),
            unallocated=unallocated,
            partner_url=partner_url(payment.partner_type, payment.partner_id),
            allocate_url=reverse("finance:payment-allocate", args=[payment.pk])
            if unallocated > 0 and self.request.user.has_perm("finance.allocate_payment")
            else None,
            document_labels=DOCUMENT_TYPE_LABELS,
        )
        return context


class PaymentAllocateView(StaffMixin, FormView):
    """Allocate what is left of a payment (the partner's credit) to open documents."""

    model = Payment
    permission_required = "finance.allocate_payment"
    template_name = "finance/payment_allocate.html"

    def dispatch(self, request, *args, **kwargs):
        self.payment = get_object_or_404(Payment, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form(self, form_class=None):
        sign = PAYMENT_KIND_RULES[PaymentKind(self.payment.kind)][2]
        documents = settleable_documents(
            partner_type=self.payment.partner_type, partner_id=self.payment.partner_id, ledger_sign=sign
        )
        return AllocateForm(**self.get_form_kwargs(), documents=documents)

    def form_valid(self, form):
        payment = self.payment
        try:
            services.allocation_create(
                partner=services.PartnerRef(payment.partner_type, payment.partner_id, payment.partner_name),
                source=DocumentRef("finance.payment", payment.pk, payment.number),
                allocations=form.allocations(),
                by=self.request.user,
            )
        except DomainError as error:
            form_add_domain_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("%(number)s was allocated.") % {"number": payment.number})
        return HttpResponseRedirect(payment.get_absolute_url())

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            payment=self.payment, unallocated=selectors.payment_unallocated(self.payment), **kwargs
        )


class InvoiceListView(StaffListView):
    model = Invoice
    permission_required = "finance.view_invoice"
    title = gettext_lazy("Invoices and contracts")
    template_name = "finance/invoice_list.html"
    filter_form_class = InvoiceFilterForm
    search_fields = ("number", "partner_name", "document_number")
    default_sort = ("-date", "-id")
    create_url_name = "finance:invoice-create"
    columns = [
        Column(gettext_lazy("invoice number"), "number", sort="number", link=True),
        Column(gettext_lazy("date"), "date", sort="date", kind="date"),
        Column(gettext_lazy("direction"), "get_direction_display", sort="direction"),
        Column(gettext_lazy("partner"), "partner_name", sort="partner_name"),
        Column(gettext_lazy("order"), "document_number", sort="document_number"),
        Column(gettext_lazy("amount"), "amount", sort="amount", kind="money"),
        Column(gettext_lazy("tax amount"), "tax_amount", kind="money"),
        Column(gettext_lazy("contract"), "has_contract", kind="bool"),
    ]


class InvoiceCreateView(StaffMixin, FormView):
    model = Invoice
    permission_required = "finance.add_invoice"
    template_name = "finance/invoice_form.html"
    form_class = InvoiceForm

    def get_initial(self):
        return {
            **super().get_initial(),
            **{k: v for k, v in self.request.GET.items() if k in ("direction", "order_number")},
        }

    def form_valid(self, form):
        data = form.cleaned_data
        found = order_find(data["direction"], data["order_number"])
        if found is None:
            form.add_error("order_number", _("There is no order with this number for this direction."))
            return self.form_invalid(form)
        document, partner = found
        try:
            invoice = services.invoice_create(
                direction=data["direction"],
                number=data["number"],
                date=data["date"],
                amount=data["amount"],
                tax_amount=data["tax_amount"],
                document=document,
                partner=partner,
                note=data["note"],
                contract=data["contract"],
                by=self.request.user,
            )
        except DomainError as error:
            form_add_domain_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Invoice %(number)s was recorded.") % {"number": invoice.number})
        return HttpResponseRedirect(invoice.get_absolute_url())


class InvoiceDetailView(StaffMixin, DetailView):
    model = Invoice
    permission_required = "finance.view_invoice"
    template_name = "finance/invoice_detail.html"


class ContractDownloadView(StaffMixin, DetailView):
    """Contracts are served only here, to users who may see invoices; never from a public media URL."""

    model = Invoice
    permission_required = "finance.view_invoice"

    def render_to_response(self, context, **response_kwargs):
        invoice = self.object
        if not invoice.contract:
            raise Http404
        name = invoice.contract.name
        suffix = name[name.rfind(".") :] if "." in name.rsplit("/", 1)[-1] else ""
        content_type = mimetypes.types_map.get(suffix, "application/octet-stream")
        response = FileResponse(invoice.contract.open("rb"), content_type=content_type)
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Disposition"] = f'inline; filename="contract-{invoice.pk}{suffix}"'
        return response
