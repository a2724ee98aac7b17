from common.views import master_data_urls
from sales import forms, views
from sales.models import Customer

app_name = "sales"

urlpatterns = master_data_urls(
    namespace=app_name,
    name="customer",
    model=Customer,
    list_view=views.CustomerListView,
    form_class=forms.CustomerForm,
    detail_view=views.CustomerDetailView,
)
