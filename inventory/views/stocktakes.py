"""Stocktaking (盘点): start (snapshot), count on screen or from Excel, variance report, approval."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView

from common.documents import document_history
from common.exceptions import DomainError
from common.lists import Column
from common.views import StaffCreateView, StaffListView, StaffMixin, form_add_domain_error
from inventory import selectors, services
from inventory.choices import StocktakeStatus
from inventory.forms import (
    ReasonForm,
    StocktakeFilterForm,
    StocktakeForm,
    StocktakeImportForm,
    StocktakeLineAddForm,
)
from inventory.models import Stocktake
from inventory.views.documents import DocumentActionView


class StocktakeListView(StaffListView):
    model = Stocktake
    permission_required = "inventory.view_stocktake"
    filter_form_class = StocktakeFilterForm
    search_fields = ("number", "note", "warehouse__name")
    create_url_name = "inventory:stocktake-create"
    columns = [
        Column(gettext_lazy("number"), "number", sort="number", link=True),
        Column(gettext_lazy("warehouse"), "warehouse.name", sort="warehouse__code"),
        Column(gettext_lazy("location"), "location"),
        Column(gettext_lazy("category"), "category.name"),
        Column(gettext_lazy("blind count"), "blind", kind="bool"),
        Column(gettext_lazy("status"), "status", sort="status"),
        Column(gettext_lazy("snapshot taken at"), "snapshot_at", sort="snapshot_at", kind="datetime"),
        Column(gettext_lazy("created by"), "created_by"),
    ]
    default_sort = ("-created_at",)

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("warehouse", "location__warehouse", "category", "created_by")
        )


class StocktakeCreateView(StaffCreateView):
    model = Stocktake
    form_class = StocktakeForm
    permission_required = "inventory.add_stocktake"

    def save(self, form):
        return services.stocktake_create(by=self.request.user, **form.cleaned_data)


class StocktakeDetailView(StaffMixin, DetailView):
    """The count sheet while counting, the variance report once submitted or posted."""

    model = Stocktake
    permission_required = "inventory.view_stocktake"
    template_name = "inventory/stocktake_detail.html"

    def get_queryset(self):
        return Stocktake.objects.select_related(
            "warehouse", "location__warehouse", "category", "created_by", "approved_by"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, stocktake = self.request.user, self.object
        status = stocktake.status
        lines = list(selectors.stocktake_lines(stocktake))
        counting = status == StocktakeStatus.COUNTING
        may_count = user.has_perm("inventory.count_stocktake")
        may_approve = user.has_perm("inventory.approve_stocktake") and stocktake.created_by_id != user.pk
        context.update(
            lines=lines,
            totals=selectors.stocktake_variance_totals(lines),
            history=document_history(stocktake),
            # A blind count hides the expected figures until the count is submitted.
            show_expected=not (
                stocktake.blind and status in (StocktakeStatus.DRAFT, StocktakeStatus.COUNTING)
            ),
            can_start=status == StocktakeStatus.DRAFT and user.has_perm("inventory.change_stocktake"),
            can_count=counting and may_count,
            can_submit=counting and may_count,
            can_decide=status == StocktakeStatus.SUBMITTED and may_approve,
            can_cancel=status in (StocktakeStatus.DRAFT, StocktakeStatus.COUNTING, StocktakeStatus.SUBMITTED)
            and user.has_perm("inventory.change_stocktake"),
        )
        if context["can_count"]:
            context["line_form"] = kwargs.get("line_form") or StocktakeLineAddForm(stocktake=stocktake)
            context["import_form"] = kwargs.get("import_form") or StocktakeImportForm()
        if context["can_decide"]:
            context["reason_form"] = kwargs.get("reason_form") or ReasonForm()
        return context


def _rerender(request, pk, status=400, **forms):
    view = StocktakeDetailView()
    view.setup(request, pk=pk)
    view.object = view.get_object()
    return view.render_to_response(view.get_context_data(**forms), status=status)


class StocktakeStartView(DocumentActionView):
    model = Stocktake
    permission_required = "inventory.change_stocktake"
    success_message = gettext_lazy("%(number)s: the snapshot is taken; counting can begin.")

    def act(self, document):
        services.stocktake_start(stocktake=document, by=self.request.user)


class StocktakeCountsView(StaffMixin, View):
    """Saves the counted quantities typed on the count sheet (fields ``counted-<line id>``)."""

    model = Stocktake
    permission_required = "inventory.count_stocktake"

    def post(self, request, pk):
        stocktake = get_object_or_404(Stocktake, pk=pk)
        prefix = "counted-"
        counts = {
            int(name[len(prefix) :]): value
            for name, value in request.POST.items()
            if name.startswith(prefix) and name[len(prefix) :].isdigit()
        }
        try:
            services.stocktake_counts_save(stocktake=stocktake, counts=counts, by=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Counted quantities saved."))
        return redirect(stocktake)


class StocktakeLineAddView(StaffMixin, View):
    model = Stocktake
    permission_required = "inventory.count_stocktake"

    def post(self, request, pk):
        stocktake = get_object_or_404(Stocktake, pk=pk)
        form = StocktakeLineAddForm(request.POST, stocktake=stocktake)
        if form.is_valid():
            try:
                services.stocktake_line_add(stocktake=stocktake, by=request.user, **form.cleaned_data)
            except DomainError as error:
                form_add_domain_error(form, error)
            else:
                messages.success(request, _("Line added."))
                return redirect(stocktake)
        return _rerender(request, pk, line_form=form)


class StocktakeSheetView(StaffMixin, View):
    """Download the count sheet as an Excel workbook."""

    model = Stocktake
    permission_required = "inventory.view_stocktake"

    def get(self, request, pk):
        stocktake = get_object_or_404(Stocktake, pk=pk)
        response = HttpResponse(
            selectors.stocktake_sheet(stocktake),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{stocktake.number}.xlsx"'
        return response


class StocktakeImportView(StaffMixin, View):
    model = Stocktake
    permission_required = "inventory.count_stocktake"

    def post(self, request, pk):
        stocktake = get_object_or_404(Stocktake, pk=pk)
        form = StocktakeImportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                count = services.stocktake_import(
                    stocktake=stocktake, file=form.cleaned_data["file"], by=request.user
                )
            except DomainError as error:
                form_add_domain_error(form, error)
            else:
                messages.success(request, _("%(count)s counted quantities imported.") % {"count": count})
                return redirect(stocktake)
        return _rerender(request, pk, import_form=form)


class StocktakeSubmitView(DocumentActionView):
    model = Stocktake
    permission_required = "inventory.count_stocktake"
    success_message = gettext_lazy("%(number)s was submitted for approval.")

    def act(self, document):
        services.stocktake_submit(stocktake=document, by=self.request.user)


class StocktakeApproveView(DocumentActionView):
    model = Stocktake
    permission_required = "inventory.approve_stocktake"
    success_message = gettext_lazy("%(number)s was approved; the adjustments are posted.")

    def act(self, document):
        services.stocktake_approve(stocktake=document, by=self.request.user)


class StocktakeRejectView(StaffMixin, View):
    model = Stocktake
    permission_required = "inventory.approve_stocktake"

    def post(self, request, pk):
        stocktake = get_object_or_404(Stocktake, pk=pk)
        form = ReasonForm(request.POST)
        if form.is_valid():
            try:
                services.stocktake_reject(
                    stocktake=stocktake, by=request.user, reason=form.cleaned_data["reason"]
                )
            except DomainError as error:
                form_add_domain_error(form, error)
            else:
                messages.success(
                    request, _("%(number)s was sent back for recounting.") % {"number": stocktake}
                )
                return redirect(stocktake)
        return _rerender(request, pk, reason_form=form)


class StocktakeCancelView(DocumentActionView):
    model = Stocktake
    permission_required = "inventory.change_stocktake"
    success_message = gettext_lazy("%(number)s was cancelled.")

    def act(self, document):
        services.stocktake_cancel(stocktake=document, by=self.request.user)
