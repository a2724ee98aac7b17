from django.urls import path

from common.views import master_data_urls
from inventory import forms, views
from inventory.models import Category, Location, Product, Unit, Warehouse

app_name = "inventory"

urlpatterns = [
    *master_data_urls(
        namespace=app_name,
        name="category",
        plural="categories",
        model=Category,
        list_view=views.CategoryListView,
        form_class=forms.CategoryForm,
        detail_view=views.CategoryDetailView,
    ),
    *master_data_urls(
        namespace=app_name, name="unit", model=Unit, list_view=views.UnitListView, form_class=forms.UnitForm
    ),
    *master_data_urls(
        namespace=app_name,
        name="product",
        model=Product,
        list_view=views.ProductListView,
        form_class=forms.ProductForm,
        detail_view=views.ProductDetailView,
    ),
    *master_data_urls(
        namespace=app_name,
        name="warehouse",
        model=Warehouse,
        list_view=views.WarehouseListView,
        form_class=forms.WarehouseForm,
        detail_view=views.WarehouseDetailView,
        create_view=views.WarehouseCreateView,
    ),
    *master_data_urls(
        namespace=app_name,
        name="location",
        model=Location,
        list_view=views.LocationListView,
        form_class=forms.LocationForm,
    ),
    path("stock/", views.StockListView.as_view(), name="stock"),
    path("moves/", views.MoveListView.as_view(), name="move-list"),
    path("opening/", views.OpeningStockListView.as_view(), name="opening-list"),
    path("opening/new/", views.OpeningStockCreateView.as_view(), name="opening-create"),
    path("opening/<int:pk>/", views.OpeningStockDetailView.as_view(), name="opening-detail"),
    path("opening/<int:pk>/lines/", views.OpeningStockLineAddView.as_view(), name="opening-line-add"),
    path(
        "opening/<int:pk>/lines/<int:line_pk>/delete/",
        views.OpeningStockLineDeleteView.as_view(),
        name="opening-line-delete",
    ),
    path("opening/<int:pk>/post/", views.OpeningStockPostView.as_view(), name="opening-post"),
    path("opening/<int:pk>/cancel/", views.OpeningStockCancelView.as_view(), name="opening-cancel"),
]
