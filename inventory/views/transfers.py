"""Transfers between warehouses and locations: draft -> in transit -> received."""

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView

from common.documents import document_history
from common.exceptions import DomainError
from common.lists import Column
from common.views import StaffCreateView, StaffListView, StaffMixin, form_add_domain_error
from inventory import services
from inventory.choices import TransferStatus
from inventory.forms import TransferFilterForm, TransferForm, TransferLineForm
from inventory.models import Transfer
from inventory.views.documents import DocumentActionView


class TransferListView(StaffListView):
    model = Transfer
    permission_required = "inventory.view_transfer"
    filter_form_class = TransferFilterForm
    search_fields = ("number", "note", "lines__product__sku")
    create_url_name = "inventory:transfer-create"
    columns = [
        Column(gettext_lazy("number"), "number", sort="number", link=True),
        Column(gettext_lazy("from warehouse"), "source_warehouse.name", sort="source_warehouse__code"),
        Column(gettext_lazy("to location"), "destination", sort="destination__warehouse__code"),
        Column(gettext_lazy("status"), "status", sort="status"),
        Column(gettext_lazy("dispatched at"), "dispatched_at", sort="dispatched_at", kind="datetime"),
        Column(gettext_lazy("received at"), "received_at", sort="received_at", kind="datetime"),
        Column(gettext_lazy("created by"), "created_by"),
    ]
    default_sort = ("-created_at",)

    def get_queryset(self):
        queryset = (
            super().get_queryset().select_related("source_warehouse", "destination__warehouse", "created_by")
        )
        return queryset.distinct() if self.search_text else queryset


class TransferCreateView(StaffCreateView):
    model = Transfer
    form_class = TransferForm
    permission_required = "inventory.add_transfer"

    def save(self, form):
        return services.transfer_create(by=self.request.user, **form.cleaned_data)


class TransferDetailView(StaffMixin, DetailView):
    model = Transfer
    permission_required = "inventory.view_transfer"
    template_name = "inventory/transfer_detail.html"

    def get_queryset(self):
        return Transfer.objects.select_related(
            "source_warehouse", "destination__warehouse", "created_by", "dispatched_by", "received_by"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, transfer = self.request.user, self.object
        lines = list(transfer.lines.select_related("product__unit", "source__warehouse", "lot"))
        draft = transfer.status == TransferStatus.DRAFT
        context.update(
            lines=lines,
            total_value=sum((line.value for line in lines), Decimal("0")),
            history=document_history(transfer),
            can_edit=draft and user.has_perm("inventory.change_transfer"),
            can_dispatch=draft and bool(lines) and user.has_perm("inventory.dispatch_transfer"),
            can_receive=transfer.status == TransferStatus.IN_TRANSIT
            and user.has_perm("inventory.receive_transfer"),
            show_received=transfer.status == TransferStatus.RECEIVED,
            show_value=transfer.status != TransferStatus.DRAFT,
        )
        if context["can_edit"]:
            context["line_form"] = kwargs.get("line_form") or TransferLineForm(transfer=transfer)
        return context


class TransferLineAddView(StaffMixin, View):
    model = Transfer
    permission_required = "inventory.change_transfer"

    def post(self, request, pk):
        transfer = get_object_or_404(Transfer, pk=pk)
        form = TransferLineForm(request.POST, transfer=transfer)
        if form.is_valid():
            try:
                services.transfer_line_add(transfer=transfer, **form.cleaned_data)
            except DomainError as error:
                form_add_domain_error(form, error)
            else:
                messages.success(request, _("Line added."))
                return redirect(transfer)
        view = TransferDetailView()
        view.setup(request, pk=pk)
        view.object = view.get_object()
        return view.render_to_response(view.get_context_data(line_form=form), status=400)


class TransferLineRemoveView(StaffMixin, View):
    model = Transfer
    permission_required = "inventory.change_transfer"

    def post(self, request, pk, line_pk):
        transfer = get_object_or_404(Transfer, pk=pk)
        try:
            services.transfer_line_remove(transfer=transfer, line_id=line_pk)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Line removed."))
        return redirect(transfer)


class TransferDispatchView(DocumentActionView):
    model = Transfer
    permission_required = "inventory.dispatch_transfer"
    success_message = gettext_lazy("%(number)s was dispatched; the goods are in transit.")

    def act(self, document):
        services.transfer_dispatch(transfer=document, by=self.request.user)


class TransferCancelView(DocumentActionView):
    model = Transfer
    permission_required = "inventory.change_transfer"
    success_message = gettext_lazy("%(number)s was cancelled.")

    def act(self, document):
        services.transfer_cancel(transfer=document, by=self.request.user)


class TransferReceiveView(DocumentActionView):
    """The form on the detail page posts one ``received-<line id>`` field per line."""

    model = Transfer
    permission_required = "inventory.receive_transfer"
    success_message = gettext_lazy("%(number)s was received.")

    def act(self, document):
        received = {}
        for line in document.lines.all():
            raw = self.request.POST.get(f"received-{line.pk}", "").strip()
            if raw == "":
                continue
            try:
                quantity = Decimal(raw)
            except InvalidOperation:
                quantity = None
            if quantity is None or not quantity.is_finite():
                raise DomainError(_("“%(value)s” is not a number.") % {"value": raw})
            received[line.pk] = quantity
        services.transfer_receive(transfer=document, by=self.request.user, received=received)
