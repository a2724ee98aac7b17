from common.views import contact_urls, master_data_urls
from suppliers import forms, views
from suppliers.models import Supplier, SupplierContact, SupplierProduct

app_name = "suppliers"

urlpatterns = [
    *master_data_urls(
        namespace=app_name,
        name="supplier",
        model=Supplier,
        list_view=views.SupplierListView,
        form_class=forms.SupplierForm,
        detail_view=views.SupplierDetailView,
    ),
    *master_data_urls(
        namespace=app_name,
        name="supplier-product",
        model=SupplierProduct,
        list_view=views.SupplierProductListView,
        form_class=forms.SupplierProductForm,
    ),
    *contact_urls(
        name="supplier",
        detail_view=views.SupplierDetailView,
        contact_model=SupplierContact,
        parent_field="supplier",
    ),
]
