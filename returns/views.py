"""Staff screens of returns: the request list, creation, the request page with its timeline and actions,
receipt and inspection with a barcode box, refunds; the photo view; the customer's progress page."""

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, FormView, TemplateView
from PIL import Image

from common.exceptions import DomainError
from common.lists import Column
from common.views import StaffListView, StaffMixin, form_add_domain_error
from inventory.models import Location
from returns import selectors, services
from returns.choices import Condition, Disposition, ReplacementStatus, ReturnKind, ReturnStatus
from returns.forms import (
    ReceiveForm,
    RefundPayForm,
    RejectForm,
    ReplacementFormSet,
    RequestHeaderForm,
    RequestLineFormSet,
    ReturnRequestFilterForm,
    ShipReplacementForm,
    StepLimitsForm,
    location_choices,
)
from returns.models import Refund, ReturnPhoto, ReturnPolicy, ReturnRequest
from returns.services import InspectionLineData, ReceiptLineData, ReplacementData, RequestLineData
from sales.models import Customer, SalesOrder

RS = ReturnStatus


class ReturnRequestListView(StaffListView):
    model = ReturnRequest
    permission_required = "returns.view_returnrequest"
    template_name = "returns/returnrequest_list.html"
    title = gettext_lazy("Return requests")
    search_fields = ("number", "customer__name", "tracking_number")
    filter_form_class = ReturnRequestFilterForm
    create_url_name = "returns:request-create"
    default_sort = ("-created_at", "-pk")
    columns = [
        Column(gettext_lazy("number"), "number", sort="number", link=True),
        Column(gettext_lazy("customer"), "customer", sort="customer__name"),
        Column(gettext_lazy("kind"), "get_kind_display"),
        Column(gettext_lazy("status"), "get_status_display", sort="status"),
        Column(
            gettext_lazy("in this status since"),
            "status_changed_at",
            sort="status_changed_at",
            kind="datetime",
        ),
        Column(gettext_lazy("estimated refund"), "amount", sort="amount", kind="money"),
        Column(gettext_lazy("created at"), "created_at", sort="created_at", kind="datetime"),
    ]

    def get_queryset(self):
        self.queryset = selectors.return_requests()
        return super().get_queryset()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.request.user.has_perm(StepLimitsView.permission_required):
            context["limits_url"] = reverse("returns:step-limits")
        return context


class StepLimitsView(StaffMixin, FormView):
    """The manager sets how long each step of a return may take before the staff are reminded."""

    permission_required = "returns.change_returnpolicy"
    template_name = "returns/step_limits_form.html"
    form_class = StepLimitsForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": ReturnPolicy.current()}

    def form_valid(self, form):
        try:
            services.return_step_limits_set(
                limits={name: form.cleaned_data[name] for name in form.Meta.fields}, by=self.request.user
            )
        except DomainError as error:
            form_add_domain_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The time limits of returns were saved."))
        return HttpResponseRedirect(reverse("returns:step-limits"))


def _decimal(value, default=None):
    if value in (None, ""):
        return default
    try:
        return Decimal(str(value).strip())
    except InvalidOperation as exc:
        raise DomainError(_("%(value)s is not a number.") % {"value": value}) from exc


class ReturnRequestCreateView(StaffMixin, TemplateView):
    """Pick the customer, then the products and quantities in the box; "Check" shows the delivery lines
    each is matched to (oldest first), "Save" makes the draft."""

    permission_required = "returns.add_returnrequest"
    template_name = "returns/returnrequest_form.html"

    def _origin(self):
        data = self.request.POST if self.request.method == "POST" else self.request.GET
        order = None
        if data.get("order"):
            order = get_object_or_404(SalesOrder.objects.select_related("customer"), pk=data.get("order"))
        return order

    def _forms(self, data=None, files=None):
        order = self._origin()
        initial = {}
        if order is not None:
            initial["customer"] = order.customer_id
        elif self.request.GET.get("customer"):
            initial["customer"] = self.request.GET.get("customer")
        allow = self.request.user.has_perm("returns.create_without_origin")
        header = RequestHeaderForm(data, initial=initial, allow_without_origin=allow, prefix="h")
        lines = RequestLineFormSet(data, files, prefix="line")
        customer_id = (data or {}).get("h-customer") or initial.get("customer")
        if customer_id and str(customer_id).isdigit() and not allow:
            # Without the right to return goods of no origin, offer only what the customer was shipped.
            shipped = selectors.returnable_delivery_lines(
                customer_id=int(customer_id), order_id=order.pk if order else None
            ).values("product_id")
            for form in lines.forms:
                form.fields["product"].queryset = form.fields["product"].queryset.filter(pk__in=shipped)
        replacements = ReplacementFormSet(data, prefix="rep")
        return order, header, lines, replacements

    def get(self, request, *args, **kwargs):
        order, header, lines, replacements = self._forms()
        return self.render_to_response(
            self.get_context_data(order=order, header=header, lines=lines, replacements=replacements)
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        header, order = kwargs["header"], kwargs.get("order")
        customer_id = header.initial.get("customer") or (
            header.data.get("h-customer") if header.is_bound else None
        )
        if customer_id and str(customer_id).isdigit():
            context["customer"] = Customer.objects.filter(pk=customer_id).first()
            context["shipped"] = selectors.returnable_delivery_lines(
                customer_id=int(customer_id), order_id=order.pk if order else None
            ).filter(returnable__gt=0)[:200]
        context["cancel_url"] = order.get_absolute_url() if order else reverse("returns:request-list")
        return context

    def post(self, request, *args, **kwargs):
        order, header, lines, replacements = self._forms(request.POST, request.FILES)
        context = {"order": order, "header": header, "lines": lines, "replacements": replacements}
        if header.is_valid() and lines.is_valid() and replacements.is_valid():
            data = header.cleaned_data
            line_data = [
                RequestLineData(
                    product=form.cleaned_data["product"],
                    quantity=form.cleaned_data["quantity"],
                    reason=form.cleaned_data["reason"],
                    note=form.cleaned_data.get("note", ""),
                    lot=form.cleaned_data.get("lot"),
                    unit_price=form.cleaned_data.get("unit_price"),
                    photos=tuple(form.cleaned_data.get("photos") or ()),
                )
                for form in lines.forms
                if form.cleaned_data.get("product") and form.cleaned_data.get("quantity")
            ]
            replacement_data = [
                ReplacementData(
                    form.cleaned_data["product"],
                    form.cleaned_data["quantity"],
                    form.cleaned_data.get("unit_price"),
                )
                for form in replacements.forms
                if form.cleaned_data.get("product") and form.cleaned_data.get("quantity")
            ]
            kind = data["kind"]
            try:
                if request.POST.get("action") == "check":
                    if not line_data:
                        raise DomainError(_("Add at least one product that comes back."))
                    context["matched"] = services.return_lines_match(
                        customer=data["customer"], lines=line_data, order=order
                    )
                else:
                    created = services.return_request_create(
                        customer=data["customer"],
                        lines=line_data,
                        by=request.user,
                        kind=kind,
                        order=order,
                        without_origin=data.get("without_origin") or False,
                        warehouse=data.get("warehouse"),
                        replacements=replacement_data if kind == ReturnKind.EXCHANGE else (),
                        backorder_choice=data.get("backorder_choice") or "wait",
                        note=data.get("note", ""),
                        contact_name=data.get("contact_name", ""),
                        contact_email=data.get("contact_email", ""),
                        contact_phone=data.get("contact_phone", ""),
                    )
                    if request.POST.get("action") == "submit":
                        services.return_request_submit(request=created, by=request.user)
                    messages.success(request, _("%(number)s was saved.") % {"number": created.number})
                    return HttpResponseRedirect(created.get_absolute_url())
            except DomainError as error:
                context["error"] = error.message
        status = 200 if "matched" in context else 400
        return self.render_to_response(self.get_context_data(**context), status=status)


class ReturnRequestDetailView(StaffMixin, DetailView):
    model = ReturnRequest
    permission_required = "returns.view_returnrequest"
    template_name = "returns/returnrequest_detail.html"

    def get_queryset(self):
        return selectors.return_requests().select_related("warehouse", "replacement_delivery")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        request, user = self.object, self.request.user
        own = request.created_by_id == user.pk
        refund = Refund.objects.filter(request=request).first()
        can_change = user.has_perm("returns.change_returnrequest")
        can_receive = user.has_perm("returns.receive_returnrequest")
        context.update(
            lines=request.lines.select_related(
                "product",
                "product__unit",
                "lot",
                "reason",
                "location",
                "purchase_return",
                "delivery_line__delivery",
            ).prefetch_related("photos"),
            replacements=request.replacements.select_related("product"),
            refund=refund,
            timeline=selectors.request_timeline(request),
            can_submit=can_change and request.status == RS.DRAFT,
            can_decide=user.has_perm("returns.approve_returnrequest")
            and not own
            and request.status == RS.SUBMITTED,
            can_cancel=can_change and request.status in (RS.DRAFT, RS.SUBMITTED, RS.APPROVED),
            can_receive=can_receive and request.status in (RS.APPROVED, RS.RECEIVED),
            can_ship=user.has_perm("returns.ship_replacement")
            and request.replacement_status == ReplacementStatus.RESERVED
            and request.status in (RS.APPROVED, RS.RECEIVED, RS.INSPECTED),
            can_retry=can_receive and request.replacement_status == ReplacementStatus.BACKORDERED,
            can_to_refund=(can_change or can_receive)
            and request.replacement_status in (ReplacementStatus.BACKORDERED, ReplacementStatus.RESERVED)
            and request.status not in (RS.CANCELLED, RS.REJECTED, RS.COMPLETED),
            can_approve_refund=refund is not None
            and refund.status == "pending"
            and user.has_perm("returns.approve_refund")
            and user.pk not in (refund.created_by_id, request.created_by_id),
            can_pay_refund=refund is not None
            and refund.status == "approved"
            and user.has_perm("returns.pay_refund"),
            reject_form=RejectForm(),
            ship_form=ShipReplacementForm(),
            pay_form=RefundPayForm(),
            loss_total=sum((line.loss_amount for line in request.lines.all()), Decimal("0")),
        )
        return context


class ActionView(StaffMixin, View):
    """POST only: one service call on one request, a message, back to the request."""

    http_method_names = ["post"]
    model = ReturnRequest
    success_message = ""

    def act(self, obj):
        raise NotImplementedError

    def target(self, obj):
        return obj.get_absolute_url()

    def post(self, request, pk):
        obj = get_object_or_404(self.model, pk=pk)
        try:
            self.act(obj)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, self.success_message % {"number": obj.number})
        return HttpResponseRedirect(self.target(obj))


class RequestSubmitView(ActionView):
    permission_required = "returns.change_returnrequest"
    success_message = gettext_lazy("%(number)s was submitted.")

    def act(self, obj):
        services.return_request_submit(request=obj, by=self.request.user)


class RequestApproveView(ActionView):
    permission_required = "returns.approve_returnrequest"
    success_message = gettext_lazy("%(number)s was approved.")

    def act(self, obj):
        services.return_request_approve(
            request=obj, by=self.request.user, comment=self.request.POST.get("comment", "")
        )


class RequestRejectView(ActionView):
    permission_required = "returns.approve_returnrequest"
    success_message = gettext_lazy("%(number)s was rejected; the customer is told why.")

    def act(self, obj):
        services.return_request_reject(
            request=obj, by=self.request.user, reason=self.request.POST.get("reason", "")
        )


class RequestCancelView(ActionView):
    permission_required = "returns.change_returnrequest"
    success_message = gettext_lazy("%(number)s was cancelled.")

    def act(self, obj):
        services.return_request_cancel(request=obj, by=self.request.user)


class ReplacementRetryView(ActionView):
    permission_required = "returns.receive_returnrequest"
    success_message = gettext_lazy("The replacement of %(number)s is reserved.")

    def act(self, obj):
        services.replacement_retry(request=obj, by=self.request.user)


class ExchangeToRefundView(ActionView):
    permission_required = "returns.view_returnrequest"
    success_message = gettext_lazy("%(number)s: the customer is refunded instead.")

    def has_permission(self):
        user = self.request.user
        return user.has_perm("returns.change_returnrequest") or user.has_perm("returns.receive_returnrequest")

    def act(self, obj):
        services.exchange_to_refund(request=obj, by=self.request.user)


class ReplacementShipView(ActionView):
    permission_required = "returns.ship_replacement"
    success_message = gettext_lazy("The replacement of %(number)s was shipped.")

    def act(self, obj):
        form = ShipReplacementForm(self.request.POST)
        if not form.is_valid():
            raise DomainError(_("Enter the carrier and the tracking number."))
        services.replacement_ship(request=obj, by=self.request.user, **form.cleaned_data)


class RefundApproveView(ActionView):
    model = Refund
    permission_required = "returns.approve_refund"
    success_message = gettext_lazy("Refund %(number)s was approved.")

    def act(self, obj):
        services.refund_approve(refund=obj, by=self.request.user)


class RefundPayView(ActionView):
    model = Refund
    permission_required = "returns.pay_refund"
    success_message = gettext_lazy("Refund %(number)s was marked paid.")

    def act(self, obj):
        form = RefundPayForm(self.request.POST)
        if not form.is_valid():
            raise DomainError(_("Choose the method and the date of the payment."))
        services.refund_pay(
            refund=obj,
            by=self.request.user,
            method=form.cleaned_data["method"],
            reference=form.cleaned_data["reference"],
            on=form.cleaned_data["date"],
        )


class RefundListView(StaffListView):
    model = Refund
    permission_required = "returns.view_refund"
    title = gettext_lazy("Customer refunds")
    search_fields = ("number", "customer__name", "request__number", "reference")
    filter_form_class = None
    default_sort = ("-created_at", "-pk")
    columns = [
        Column(gettext_lazy("number"), "number", sort="number", link=True),
        Column(gettext_lazy("return request"), "request"),
        Column(gettext_lazy("customer"), "customer", sort="customer__name"),
        Column(gettext_lazy("status"), "get_status_display", sort="status"),
        Column(gettext_lazy("amount"), "amount", sort="amount", kind="money"),
        Column(gettext_lazy("paid on"), "paid_on", sort="paid_on", kind="date"),
    ]

    def get_queryset(self):
        self.queryset = Refund.objects.select_related("customer", "request")
        return super().get_queryset()


class ReceiveInspectView(StaffMixin, TemplateView):
    """One screen: scan a barcode to find the line; record the return shipment and what arrived, then what
    is accepted, its grade, any deduction and where it goes."""

    permission_required = "returns.receive_returnrequest"
    template_name = "returns/returnrequest_receive.html"

    def get_object(self):
        return get_object_or_404(
            ReturnRequest.objects.select_related("customer", "warehouse"), pk=self.kwargs["pk"]
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        obj = kwargs.get("object") or self.get_object()
        locations = list(location_choices(obj.warehouse_id))
        context.update(
            object=obj,
            lines=obj.lines.select_related("product", "product__unit", "lot", "reason"),
            receive_form=kwargs.get("receive_form")
            or ReceiveForm(initial={"tracking_number": obj.tracking_number, "carrier": obj.carrier}),
            locations=locations,
            default_location=locations[0].pk if locations else None,
            conditions=Condition.choices,
            dispositions=Disposition.choices,
            posted=kwargs.get("posted", {}),
        )
        return context

    def post(self, request, pk):
        obj = self.get_object()
        post = request.POST
        try:
            if obj.status == RS.APPROVED:
                form = ReceiveForm(post)
                if not form.is_valid():
                    raise DomainError(_("Check the carrier and the tracking number."))
                services.return_request_receive(
                    request=obj,
                    by=request.user,
                    lines=[
                        ReceiptLineData(line.pk, _decimal(post.get(f"received-{line.pk}"), Decimal("0")))
                        for line in obj.lines.all()
                    ],
                    **form.cleaned_data,
                )
                messages.success(request, _("%(number)s: the goods are received.") % {"number": obj.number})
                return HttpResponseRedirect(reverse("returns:request-receive", args=[obj.pk]))
            if obj.status == RS.RECEIVED:
                data = []
                for line in obj.lines.all():
                    location_id = post.get(f"location-{line.pk}")
                    location = Location.objects.filter(pk=location_id).first() if location_id else None
                    data.append(
                        InspectionLineData(
                            line_id=line.pk,
                            accepted_quantity=_decimal(post.get(f"accepted-{line.pk}"), Decimal("0")),
                            condition=post.get(f"condition-{line.pk}", ""),
                            note=post.get(f"note-{line.pk}", ""),
                            deduction=_decimal(post.get(f"deduction-{line.pk}"), Decimal("0")),
                            disposition=post.get(f"disposition-{line.pk}", ""),
                            location=location,
                        )
                    )
                services.return_request_inspect(request=obj, by=request.user, lines=data)
                messages.success(request, _("%(number)s was inspected and posted.") % {"number": obj.number})
                return HttpResponseRedirect(obj.get_absolute_url())
            raise DomainError(
                _("%(number)s is %(status)s: nothing to receive or inspect.")
                % {"number": obj.number, "status": obj.get_status_display()}
            )
        except DomainError as error:
            messages.error(request, error.message)
            return self.render_to_response(
                self.get_context_data(object=obj, receive_form=ReceiveForm(post), posted=post), status=400
            )


class PhotoView(StaffMixin, View):
    """Photos are served only here, to logged-in staff who may see return requests; never from MEDIA_URL."""

    permission_required = "returns.view_returnrequest"

    def get(self, request, pk):
        photo = get_object_or_404(ReturnPhoto, pk=pk)
        try:
            handle = photo.image.open("rb")
            with Image.open(handle) as image:
                content_type = Image.MIME.get(image.format, "application/octet-stream")
            handle.seek(0)
        except (FileNotFoundError, OSError) as exc:
            raise Http404 from exc
        response = FileResponse(handle, content_type=content_type)
        response["Cache-Control"] = "private, max-age=3600"
        response["X-Content-Type-Options"] = "nosniff"
        return response
