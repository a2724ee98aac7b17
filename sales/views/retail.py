"""商品零售 / 零售退货: the counter screen for a walk-in sale, and the return of a counter sale."""

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.db.models import Q
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, TemplateView

from common.exceptions import DomainError
from common.lists import Column
from common.views import StaffListView, StaffMixin
from inventory.models import Product
from sales import services
from sales.choices import SalesOrderStatus
from sales.forms import RetailReturnForm, RetailSaleForm
from sales.models import DeliveryLine, RetailReturn, SalesOrder
from sales.services import OrderLineData, ReturnLineData


def _decimal(value) -> Decimal | None:
    try:
        return Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None


class RetailProductLookupView(StaffMixin, View):
    """The product for a scanned barcode or a typed SKU, with its retail price."""

    permission_required = "sales.use_retail_counter"

    def get(self, request):
        code = request.GET.get("code", "").strip()
        product = (
            Product.objects.filter(is_active=True)
            .filter(Q(barcode=code) | Q(sku__iexact=code))
            .select_related("unit")
            .first()
            if code
            else None
        )
        if product is None:
            return JsonResponse(
                {"error": _("No product with the code %(code)s.") % {"code": code}}, status=404
            )
        return JsonResponse(
            {
                "id": product.pk,
                "sku": product.sku,
                "name": product.name,
                "unit": str(product.unit),
                "price": str(product.sale_price),
            }
        )


class RetailCounterView(StaffMixin, TemplateView):
    permission_required = "sales.use_retail_counter"
    template_name = "sales/retail_counter.html"

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=RetailSaleForm()))

    def post(self, request, *args, **kwargs):
        form = RetailSaleForm(request.POST)
        products = request.POST.getlist("product")
        quantities = request.POST.getlist("quantity")
        lines, error = [], None
        found = Product.objects.in_bulk([p for p in products if p.isdigit()])
        for product_id, quantity in zip(products, quantities, strict=False):
            product = found.get(int(product_id)) if product_id.isdigit() else None
            amount = _decimal(quantity)
            if product is None or amount is None:
                error = _("A line of the sale is not valid: scan the product again.")
                break
            lines.append(OrderLineData(product, amount))
        if not lines and error is None:
            error = _("Scan or type at least one product.")
        if form.is_valid() and error is None:
            data = form.cleaned_data
            try:
                result = services.retail_sale_post(
                    warehouse=data["warehouse"],
                    lines=lines,
                    payment_method=data["payment_method"],
                    paid_amount=data["paid_amount"],
                    client_token=data.get("client_token"),
                    by=request.user,
                )
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(
                    request,
                    _("%(number)s: %(total)s paid, change %(change)s.")
                    % {"number": result.order.number, "total": result.order.total, "change": result.change},
                )
                return HttpResponseRedirect(request.path)
        elif error:
            form.add_error(None, error)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class RetailReturnView(StaffMixin, TemplateView):
    """Return goods of a completed counter sale: quantities per sold line, the refund paid at once."""

    permission_required = "sales.use_retail_counter"
    template_name = "sales/retail_return_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.order = get_object_or_404(
            SalesOrder, pk=kwargs["pk"], is_retail=True, status=SalesOrderStatus.COMPLETED
        )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        lines = DeliveryLine.objects.filter(delivery__order=self.order).select_related(
            "product", "product__unit"
        )
        return super().get_context_data(order=self.order, lines=lines, **kwargs)

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=RetailReturnForm()))

    def post(self, request, *args, **kwargs):
        form = RetailReturnForm(request.POST)
        lines = []
        for key, value in request.POST.items():
            if key.startswith("return-") and key[7:].isdigit() and value.strip():
                quantity = _decimal(value)
                if quantity is None:
                    form.add_error(None, _("Enter the quantities as numbers."))
                    break
                lines.append(ReturnLineData(int(key[7:]), quantity))
        if form.is_valid():
            try:
                document = services.retail_return_post(
                    order=self.order, lines=lines, by=request.user, **form.cleaned_data
                )
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    _("%(number)s: refund %(total)s.") % {"number": document.number, "total": document.total},
                )
                return HttpResponseRedirect(document.get_absolute_url())
        return self.render_to_response(self.get_context_data(form=form), status=400)


class RetailReturnDetailView(StaffMixin, DetailView):
    model = RetailReturn
    permission_required = "sales.view_retailreturn"
    template_name = "sales/retailreturn_detail.html"

    def get_context_data(self, **kwargs):
        lines = self.object.lines.select_related("product", "location", "lot")
        return super().get_context_data(lines=lines, **kwargs)


class RetailReturnListView(StaffListView):
    """零售退货查询: the counter returns; the sales themselves are the order list filtered to retail."""

    model = RetailReturn
    permission_required = "sales.view_retailreturn"
    title = gettext_lazy("retail returns")
    search_fields = ("number", "order__number", "reason")
    filter_form_class = None
    default_sort = ("-date", "-id")
    columns = [
        Column(gettext_lazy("number"), "number", sort="number", link=True),
        Column(gettext_lazy("date"), "date", sort="date", kind="date"),
        Column(gettext_lazy("sales order"), "order", sort="order__number"),
        Column(gettext_lazy("reason"), "reason"),
        Column(gettext_lazy("refund method"), "refund_method"),
        Column(gettext_lazy("refund"), "total", sort="total", kind="money"),
    ]

    def get_queryset(self):
        self.queryset = RetailReturn.objects.select_related("order")
        return super().get_queryset()
