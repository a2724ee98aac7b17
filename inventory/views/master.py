from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView

from common.documents import document_history
from common.exceptions import DomainError
from common.lists import Column
from common.views import StaffCreateView, StaffDetailView, StaffListView, StaffMixin
from inventory import selectors, services
from inventory.forms import (
    LocationFilterForm,
    MoveFilterForm,
    OpeningStockForm,
    OpeningStockLineForm,
    ProductFilterForm,
    WarehouseForm,
)
from inventory.models import (
    Category,
    OpeningStock,
    OpeningStockLine,
    Product,
    StockMove,
    Warehouse,
)


class CategoryListView(StaffListView):
    template_name = "inventory/category_list.html"
    search_fields = ("name",)
    columns = [Column(gettext_lazy("name"), "name", link=True), Column(gettext_lazy("parent"), "parent.name")]

    def get_queryset(self):
        return super().get_queryset().select_related("parent")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not self.search_text and not self.request.GET.get("is_active"):
            context["tree"] = selectors.category_tree(active_only=False)
        return context


class CategoryDetailView(StaffDetailView):
    model = Category
    permission_required = "inventory.view_category"
    template_name = "inventory/category_detail.html"
    edit_url_name = "inventory:category-edit"
    deactivate_url_name = "inventory:category-activation"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["children"] = self.object.children.all()
        context["products"] = self.object.products.select_related("unit")[:50]
        return context


class UnitListView(StaffListView):
    search_fields = ("code", "name")
    columns = [
        Column(gettext_lazy("code"), "code", sort="code", link=True),
        Column(gettext_lazy("name"), "name", sort="name"),
        Column(gettext_lazy("fractional quantities"), "is_fractional", kind="bool"),
        Column(gettext_lazy("active"), "is_active", kind="bool"),
    ]


class ProductListView(StaffListView):
    search_fields = ("sku", "barcode", "name", "specification")
    filter_form_class = ProductFilterForm
    columns = [
        Column(gettext_lazy("SKU"), "sku", sort="sku", link=True),
        Column(gettext_lazy("name"), "name", sort="name"),
        Column(gettext_lazy("specification"), "specification"),
        Column(gettext_lazy("category"), "category.name", sort="category__name"),
        Column(gettext_lazy("unit"), "unit.name"),
        Column(gettext_lazy("retail price"), "sale_price", sort="sale_price", kind="money"),
        Column(gettext_lazy("available"), "stock_available", sort="stock_available", kind="quantity"),
        Column(gettext_lazy("safety stock"), "safety_stock", kind="quantity"),
    ]

    def get_queryset(self):
        queryset = selectors.products_with_stock(queryset=Product.objects.select_related("category", "unit"))
        self.queryset = queryset
        return super().get_queryset()


class ProductDetailView(StaffDetailView):
    model = Product
    permission_required = "inventory.view_product"
    template_name = "inventory/product_detail.html"
    edit_url_name = "inventory:product-edit"
    deactivate_url_name = "inventory:product-activation"

    def get_queryset(self):
        return selectors.products_with_stock(queryset=Product.objects.select_related("category", "unit"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        balances = selectors.stock_balances().filter(product=self.object).exclude(on_hand=0, reserved=0)
        context["balances"] = balances.order_by("location__warehouse__code", "location__code")
        context["moves"] = (
            selectors.stock_moves().filter(product=self.object).order_by("-created_at", "-id")[:20]
        )
        context["can_see_moves"] = self.request.user.has_perm("inventory.view_stockmove")
        return context


class WarehouseListView(StaffListView):
    search_fields = ("code", "name", "address")
    columns = [
        Column(gettext_lazy("code"), "code", sort="code", link=True),
        Column(gettext_lazy("name"), "name", sort="name"),
        Column(gettext_lazy("address"), "address"),
        Column(gettext_lazy("active"), "is_active", kind="bool"),
    ]


class WarehouseCreateView(StaffCreateView):
    model = Warehouse
    form_class = WarehouseForm
    permission_required = "inventory.add_warehouse"

    def save(self, form):
        return services.warehouse_create(**form.cleaned_data)


class WarehouseDetailView(StaffDetailView):
    model = Warehouse
    permission_required = "inventory.view_warehouse"
    template_name = "inventory/warehouse_detail.html"
    edit_url_name = "inventory:warehouse-edit"
    deactivate_url_name = "inventory:warehouse-activation"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["locations"] = self.object.locations.all()
        context["totals"] = selectors.stock_totals(
            selectors.stock_balances().filter(location__warehouse=self.object)
        )
        return context


class LocationListView(StaffListView):
    search_fields = ("code", "name", "warehouse__name")
    filter_form_class = LocationFilterForm
    columns = [
        Column(gettext_lazy("warehouse"), "warehouse.name", sort="warehouse__code"),
        Column(gettext_lazy("code"), "code", sort="code", link=True),
        Column(gettext_lazy("name"), "name", sort="name"),
        Column(gettext_lazy("active"), "is_active", kind="bool"),
    ]

    def get_queryset(self):
        return super().get_queryset().select_related("warehouse")


class MoveListView(StaffListView):
    model = StockMove
    permission_required = "inventory.view_stockmove"
    search_fields = ("product__sku", "product__name", "document_number")
    filter_form_class = MoveFilterForm
    title = gettext_lazy("Stock moves")
    columns = [
        Column(gettext_lazy("time"), "created_at", sort="created_at", kind="datetime"),
        Column(gettext_lazy("document"), "document_number", sort="document_number"),
        Column(gettext_lazy("move type"), "move_type"),
        Column(gettext_lazy("SKU"), "product.sku", sort="product__sku"),
        Column(gettext_lazy("name"), "product.name"),
        Column(gettext_lazy("location"), "location"),
        Column(gettext_lazy("lot"), "lot.number"),
        Column(gettext_lazy("quantity"), "quantity", kind="quantity"),
        Column(gettext_lazy("unit cost"), "unit_cost", kind="money"),
        Column(gettext_lazy("value"), "value", kind="money"),
        Column(gettext_lazy("by"), "created_by"),
    ]
    default_sort = ("-created_at", "-id")

    def get_queryset(self):
        self.queryset = selectors.stock_moves()
        return super().get_queryset()


class OpeningStockListView(StaffListView):
    model = OpeningStock
    permission_required = "inventory.view_openingstock"
    filter_form_class = None
    search_fields = ("number", "note", "warehouse__name")
    create_url_name = "inventory:opening-create"
    columns = [
        Column(gettext_lazy("number"), "number", sort="number", link=True),
        Column(gettext_lazy("warehouse"), "warehouse.name"),
        Column(gettext_lazy("date"), "date", sort="date", kind="date"),
        Column(gettext_lazy("status"), "status", sort="status"),
        Column(gettext_lazy("created by"), "created_by"),
    ]
    default_sort = ("-created_at",)

    def get_queryset(self):
        return super().get_queryset().select_related("warehouse", "created_by")


class OpeningStockCreateView(StaffCreateView):
    model = OpeningStock
    form_class = OpeningStockForm
    permission_required = "inventory.add_openingstock"

    def save(self, form):
        return services.opening_stock_create(by=self.request.user, **form.cleaned_data)


class OpeningStockDetailView(StaffMixin, DetailView):
    model = OpeningStock
    permission_required = "inventory.view_openingstock"
    template_name = "inventory/openingstock_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        document = self.object
        lines = document.lines.select_related("product__unit", "location__warehouse")
        context.update(
            lines=lines,
            total=sum((line.amount for line in lines), 0),
            history=document_history(document),
            can_edit=document.status == "draft" and user.has_perm("inventory.change_openingstock"),
            can_post=document.status == "draft" and user.has_perm("inventory.post_openingstock"),
        )
        if context["can_edit"]:
            context["line_form"] = kwargs.get("line_form") or OpeningStockLineForm(document=document)
        return context


class OpeningStockLineAddView(StaffMixin, View):
    permission_required = "inventory.change_openingstock"

    def post(self, request, pk):
        document = get_object_or_404(OpeningStock, pk=pk)
        form = OpeningStockLineForm(request.POST, document=document)
        if document.status != "draft":
            messages.error(request, _("Only a draft can be changed."))
            return redirect(document)
        if form.is_valid():
            form.save()
            messages.success(request, _("Line added."))
            return redirect(document)
        view = OpeningStockDetailView()
        view.setup(request, pk=pk)
        view.object = document
        return view.render_to_response(view.get_context_data(line_form=form), status=400)


class OpeningStockLineDeleteView(StaffMixin, View):
    permission_required = "inventory.change_openingstock"

    def post(self, request, pk, line_pk):
        line = get_object_or_404(OpeningStockLine, pk=line_pk, document_id=pk)
        if line.document.status != "draft":
            messages.error(request, _("Only a draft can be changed."))
        else:
            line.delete()
            messages.success(request, _("Line removed."))
        return redirect(line.document)


class OpeningStockPostView(StaffMixin, View):
    permission_required = "inventory.post_openingstock"

    def post(self, request, pk):
        document = get_object_or_404(OpeningStock, pk=pk)
        try:
            services.opening_stock_post(document=document, by=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("%(number)s was posted; the stock is on hand now.") % {"number": document}
            )
        return redirect(document)


class OpeningStockCancelView(StaffMixin, View):
    permission_required = "inventory.change_openingstock"

    def post(self, request, pk):
        document = get_object_or_404(OpeningStock, pk=pk)
        try:
            services.opening_stock_cancel(document=document, by=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("%(number)s was cancelled.") % {"number": document})
        return redirect(document)
