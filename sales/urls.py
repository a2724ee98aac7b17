from common.views import contact_urls, master_data_urls
from sales import forms, views
from sales.models import Customer, CustomerContact

app_name = "sales"

urlpatterns = [
    *master_data_urls(
        namespace=app_name,
        name="customer",
        model=Customer,
        list_view=views.CustomerListView,
        form_class=forms.CustomerForm,
        detail_view=views.CustomerDetailView,
    ),
    *contact_urls(
        name="customer",
        detail_view=views.CustomerDetailView,
        contact_model=CustomerContact,
        parent_field="customer",
    ),
]
