from django.utils.translation import gettext_lazy as _

from common.lists import Column
from common.panels import detail_panels
from common.views import ContactsMixin, StaffDetailView, StaffListView
from suppliers.forms import SupplierContactForm, SupplierFilterForm, SupplierProductFilterForm
from suppliers.models import Supplier


class SupplierListView(StaffListView):
    search_fields = (
        "code",
        "name",
        "contact_name",
        "phone",
        "contacts__name",
        "contacts__phone",
        "supply_scope__name",
    )
    filter_form_class = SupplierFilterForm
    columns = [
        Column(_("code"), "code", sort="code", link=True),
        Column(_("name"), "name", sort="name"),
        Column(_("contact"), "contact_name"),
        Column(_("phone"), "phone"),
        Column(_("payment terms"), "payment_terms"),
        Column(_("active"), "is_active", kind="bool"),
    ]

    def get_queryset(self):
        return super().get_queryset().distinct()


class SupplierDetailView(ContactsMixin, StaffDetailView):
    model = Supplier
    permission_required = "suppliers.view_supplier"
    template_name = "suppliers/supplier_detail.html"
    edit_url_name = "suppliers:supplier-edit"
    deactivate_url_name = "suppliers:supplier-activation"
    contact_form_class = SupplierContactForm
    contact_add_url_name = "suppliers:supplier-contact-add"

    def get_queryset(self):
        return super().get_queryset().prefetch_related("contacts", "supply_scope")

    def get_context_data(self, **kwargs):
        """Apps that depend on suppliers (purchasing: orders, history, payable) add their panels through
        ``common.panels``; suppliers itself imports none of them."""
        context = super().get_context_data(**kwargs)
        context["panels"] = detail_panels(self.object, self.request.user)
        if self.request.user.has_perm("suppliers.view_supplierproduct"):
            supplied = self.object.products.filter(is_active=True).select_related("product")
            context.update(supplied=supplied.order_by("product__sku")[:10], supplied_count=supplied.count())
        return context


class SupplierProductListView(StaffListView):
    search_fields = ("product__sku", "product__name", "product__barcode", "supplier__name", "supplier_sku")
    filter_form_class = SupplierProductFilterForm
    columns = [
        Column(_("SKU"), "product.sku", sort="product__sku", link=True),
        Column(_("product"), "product.name", sort="product__name"),
        Column(_("supplier"), "supplier.name", sort="supplier__name"),
        Column(_("supplier's item code"), "supplier_sku"),
        Column(_("purchase price"), "unit_price", sort="unit_price", kind="money"),
        Column(_("lead time (days)"), "lead_time_days", sort="lead_time_days"),
        Column(_("minimum order quantity"), "minimum_order_quantity", kind="quantity"),
        Column(_("preferred supplier"), "is_preferred", kind="bool"),
        Column(_("active"), "is_active", kind="bool"),
    ]
    default_sort = ("product__sku", "supplier__code")

    def get_queryset(self):
        return super().get_queryset().select_related("product", "supplier")
