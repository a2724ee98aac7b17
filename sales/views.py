from django.utils.translation import gettext_lazy as _

from common.lists import Column
from common.views import ContactsMixin, StaffDetailView, StaffListView
from sales.forms import CustomerContactForm, CustomerFilterForm
from sales.models import Customer


class CustomerListView(StaffListView):
    search_fields = ("code", "name", "contact_name", "phone", "email")
    filter_form_class = CustomerFilterForm
    columns = [
        Column(_("code"), "code", sort="code", link=True),
        Column(_("name"), "name", sort="name"),
        Column(_("customer type"), "customer_type", sort="customer_type"),
        Column(_("stage"), "stage", sort="stage"),
        Column(_("contact"), "contact_name"),
        Column(_("phone"), "phone"),
        Column(_("credit limit"), "credit_limit", sort="credit_limit", kind="money"),
        Column(_("active"), "is_active", kind="bool"),
    ]


class CustomerDetailView(ContactsMixin, StaffDetailView):
    model = Customer
    permission_required = "sales.view_customer"
    template_name = "sales/customer_detail.html"
    edit_url_name = "sales:customer-edit"
    deactivate_url_name = "sales:customer-activation"
    contact_form_class = CustomerContactForm
    contact_add_url_name = "sales:customer-contact-add"

    def get_queryset(self):
        return super().get_queryset().prefetch_related("contacts")
