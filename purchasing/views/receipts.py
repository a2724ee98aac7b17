"""Goods receipt (进货入库) against an approved order, and the list and detail of receipts."""

from decimal import Decimal

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView

from common.exceptions import DomainError
from common.lists import Column
from common.views import StaffListView, StaffMixin, form_add_domain_error
from finance import selectors as finance_selectors
from inventory.models import Location
from purchasing import selectors, services
from purchasing.forms import GoodsReceiptFilterForm, GoodsReceiptForm, GoodsReceiptLineFormSet
from purchasing.models import GoodsReceipt, PurchaseOrder
from purchasing.services import ReceiptLineData
from purchasing.services.common import quantity_text
from purchasing.views.base import allowed


class GoodsReceiptCreateView(StaffMixin, View):
    """One row per open order line, pre-filled with the open quantity as arrived and accepted."""

    model = PurchaseOrder  # the URL's pk is the order received against
    permission_required = "purchasing.receive_purchaseorder"
    template_name = "purchasing/goodsreceipt_form.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.order = get_object_or_404(selectors.purchase_orders(), pk=kwargs["pk"])
        lines = list(selectors.purchase_order_lines(order=self.order))
        self.lines_by_id = {line.pk: line for line in lines}
        self.open_lines = [line for line in lines if line.open_quantity > 0]

    def line_of(self, form):
        value = form["order_line_id"].value()
        return self.lines_by_id.get(int(value)) if str(value).isdigit() else None

    def refusal(self):
        """A redirect with the reason when the order cannot take a receipt now, else None."""
        if allowed(self.order, "receive", self.request.user):
            return None
        messages.error(
            self.request,
            _("%(number)s is %(status)s: goods can be received only against an approved order.")
            % {"number": self.order, "status": self.order.get_status_display()},
        )
        return redirect(self.order)

    def formset(self, data=None):
        default_location = (
            Location.objects.filter(warehouse=self.order.warehouse, is_active=True).order_by("code").first()
        )
        initial = [
            {
                "order_line_id": line.pk,
                "arrived_quantity": quantity_text(line.open_quantity),
                "accepted_quantity": quantity_text(line.open_quantity),
                "rejected_quantity": Decimal("0"),
                "location": default_location,
            }
            for line in self.open_lines
        ]
        return GoodsReceiptLineFormSet(
            data,
            prefix="lines",
            initial=initial,
            form_kwargs={"warehouse": self.order.warehouse},
        )

    def render_form(self, form, formset):
        return render(
            self.request,
            self.template_name,
            {
                "order": self.order,
                "form": form,
                "formset": formset,
                "rows": [(f, self.line_of(f)) for f in formset.forms],
            },
        )

    def get(self, request, pk):
        if refused := self.refusal():
            return refused
        form = GoodsReceiptForm(initial={"date": timezone.localdate()})
        return self.render_form(form, self.formset())

    def post(self, request, pk):
        if refused := self.refusal():
            return refused
        form = GoodsReceiptForm(request.POST)
        formset = self.formset(request.POST)
        if form.is_valid() and formset.is_valid():
            lines = [
                ReceiptLineData(
                    order_line_id=data["order_line_id"],
                    location=data["location"],
                    arrived_quantity=data["arrived_quantity"],
                    accepted_quantity=data["accepted_quantity"],
                    rejected_quantity=data["rejected_quantity"],
                    quality_note=data["quality_note"],
                    lot_number=data["lot_number"],
                    expiry_date=data["expiry_date"],
                )
                for data in (f.cleaned_data for f in formset.forms)
                if data
            ]
            try:
                receipt = services.goods_receipt_post(
                    order=self.order,
                    lines=lines,
                    date=form.cleaned_data["date"],
                    note=form.cleaned_data["note"],
                    client_token=form.cleaned_data["client_token"],
                    by=request.user,
                )
            except DomainError as error:
                form_add_domain_error(form, error)
            else:
                messages.success(
                    request,
                    _("%(receipt)s was posted: the goods are in stock and %(amount)s is payable.")
                    % {"receipt": receipt.number, "amount": receipt.total},
                )
                return redirect(self.order)
        return self.render_form(form, formset)


class GoodsReceiptListView(StaffListView):
    model = GoodsReceipt
    permission_required = "purchasing.view_goodsreceipt"
    filter_form_class = GoodsReceiptFilterForm
    search_fields = ("number", "order__number", "supplier__name")
    title = gettext_lazy("Goods receipts")
    columns = [
        Column(gettext_lazy("number"), "number", sort="number", link=True),
        Column(gettext_lazy("purchase order"), "order.number", sort="order__number"),
        Column(gettext_lazy("supplier"), "supplier.name", sort="supplier__name"),
        Column(gettext_lazy("receipt date"), "date", sort="date", kind="date"),
        Column(gettext_lazy("warehouse"), "warehouse.name"),
        Column(gettext_lazy("total"), "total", sort="total", kind="money"),
        Column(gettext_lazy("created by"), "created_by"),
    ]
    default_sort = ("-created_at", "-id")

    def get_queryset(self):
        self.queryset = selectors.goods_receipts()
        return super().get_queryset()

    def create_permission(self):
        return "purchasing.receive_purchaseorder"


class GoodsReceiptDetailView(StaffMixin, DetailView):
    model = GoodsReceipt
    permission_required = "purchasing.view_goodsreceipt"
    template_name = "purchasing/goodsreceipt_detail.html"

    def get_queryset(self):
        return selectors.goods_receipts()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        receipt = self.object
        context["lines"] = receipt.lines.select_related(
            "product__unit", "location__warehouse", "lot", "order_line"
        )
        context["ledger_entries"] = finance_selectors.document_entries(
            document_type=receipt._meta.label_lower, document_id=receipt.pk
        )
        return context
