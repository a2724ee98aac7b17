from common.views import master_data_urls
from suppliers import forms, views
from suppliers.models import Supplier

app_name = "suppliers"

urlpatterns = master_data_urls(
    namespace=app_name,
    name="supplier",
    model=Supplier,
    list_view=views.SupplierListView,
    form_class=forms.SupplierForm,
    detail_view=views.SupplierDetailView,
)
