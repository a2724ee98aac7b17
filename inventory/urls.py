from django.urls import path

from common.views import master_data_urls
from inventory import forms
from inventory.models import Category, Location, Product, Unit, Warehouse
from inventory.views import alerts, master, stock, stocktakes, transfers

app_name = "inventory"

urlpatterns = [
    *master_data_urls(
        namespace=app_name,
        name="category",
        plural="categories",
        model=Category,
        list_view=master.CategoryListView,
        form_class=forms.CategoryForm,
        detail_view=master.CategoryDetailView,
    ),
    *master_data_urls(
        namespace=app_name, name="unit", model=Unit, list_view=master.UnitListView, form_class=forms.UnitForm
    ),
    *master_data_urls(
        namespace=app_name,
        name="product",
        model=Product,
        list_view=master.ProductListView,
        form_class=forms.ProductForm,
        detail_view=master.ProductDetailView,
    ),
    *master_data_urls(
        namespace=app_name,
        name="warehouse",
        model=Warehouse,
        list_view=master.WarehouseListView,
        form_class=forms.WarehouseForm,
        detail_view=master.WarehouseDetailView,
        create_view=master.WarehouseCreateView,
    ),
    *master_data_urls(
        namespace=app_name,
        name="location",
        model=Location,
        list_view=master.LocationListView,
        form_class=forms.LocationForm,
    ),
    path("stock/", stock.StockListView.as_view(), name="stock"),
    path("stock/card/<int:pk>/", stock.StockCardView.as_view(), name="stock-card"),
    path("stock/valuation/", stock.ValuationView.as_view(), name="valuation"),
    path("stock/near-expiry/", stock.NearExpiryView.as_view(), name="near-expiry"),
    path("stock/in-transit/", stock.TransitView.as_view(), name="transit"),
    path("lots/", stock.LotListView.as_view(), name="lot-list"),
    path("lots/<int:pk>/", stock.LotTraceView.as_view(), name="lot-trace"),
    path("moves/", master.MoveListView.as_view(), name="move-list"),
    path("opening/", master.OpeningStockListView.as_view(), name="opening-list"),
    path("opening/new/", master.OpeningStockCreateView.as_view(), name="opening-create"),
    path("opening/<int:pk>/", master.OpeningStockDetailView.as_view(), name="opening-detail"),
    path("opening/<int:pk>/lines/", master.OpeningStockLineAddView.as_view(), name="opening-line-add"),
    path(
        "opening/<int:pk>/lines/<int:line_pk>/delete/",
        master.OpeningStockLineDeleteView.as_view(),
        name="opening-line-delete",
    ),
    path("opening/<int:pk>/post/", master.OpeningStockPostView.as_view(), name="opening-post"),
    path("opening/<int:pk>/cancel/", master.OpeningStockCancelView.as_view(), name="opening-cancel"),
    # Transfers: draft -> in transit -> received.
    path("transfers/", transfers.TransferListView.as_view(), name="transfer-list"),
    path("transfers/new/", transfers.TransferCreateView.as_view(), name="transfer-create"),
    path("transfers/<int:pk>/", transfers.TransferDetailView.as_view(), name="transfer-detail"),
    path("transfers/<int:pk>/lines/", transfers.TransferLineAddView.as_view(), name="transfer-line-add"),
    path(
        "transfers/<int:pk>/lines/<int:line_pk>/delete/",
        transfers.TransferLineRemoveView.as_view(),
        name="transfer-line-delete",
    ),
    path("transfers/<int:pk>/dispatch/", transfers.TransferDispatchView.as_view(), name="transfer-dispatch"),
    path("transfers/<int:pk>/receive/", transfers.TransferReceiveView.as_view(), name="transfer-receive"),
    path("transfers/<int:pk>/cancel/", transfers.TransferCancelView.as_view(), name="transfer-cancel"),
    # Stocktaking: draft -> counting -> submitted -> posted.
    path("stocktakes/", stocktakes.StocktakeListView.as_view(), name="stocktake-list"),
    path("stocktakes/new/", stocktakes.StocktakeCreateView.as_view(), name="stocktake-create"),
    path("stocktakes/<int:pk>/", stocktakes.StocktakeDetailView.as_view(), name="stocktake-detail"),
    path("stocktakes/<int:pk>/start/", stocktakes.StocktakeStartView.as_view(), name="stocktake-start"),
    path("stocktakes/<int:pk>/counts/", stocktakes.StocktakeCountsView.as_view(), name="stocktake-counts"),
    path("stocktakes/<int:pk>/lines/", stocktakes.StocktakeLineAddView.as_view(), name="stocktake-line-add"),
    path("stocktakes/<int:pk>/sheet.xlsx", stocktakes.StocktakeSheetView.as_view(), name="stocktake-sheet"),
    path("stocktakes/<int:pk>/import/", stocktakes.StocktakeImportView.as_view(), name="stocktake-import"),
    path("stocktakes/<int:pk>/submit/", stocktakes.StocktakeSubmitView.as_view(), name="stocktake-submit"),
    path("stocktakes/<int:pk>/approve/", stocktakes.StocktakeApproveView.as_view(), name="stocktake-approve"),
    path("stocktakes/<int:pk>/reject/", stocktakes.StocktakeRejectView.as_view(), name="stocktake-reject"),
    path("stocktakes/<int:pk>/cancel/", stocktakes.StocktakeCancelView.as_view(), name="stocktake-cancel"),
    # Low-stock alerts and safety stock per warehouse.
    path("alerts/", alerts.AlertListView.as_view(), name="alert-list"),
    path("alerts/<int:pk>/acknowledge/", alerts.AlertAcknowledgeView.as_view(), name="alert-acknowledge"),
    path("safety-stock/", alerts.SafetyStockListView.as_view(), name="safety-stock-list"),
    path("safety-stock/new/", alerts.SafetyStockCreateView.as_view(), name="safety-stock-create"),
    path("safety-stock/<int:pk>/edit/", alerts.SafetyStockUpdateView.as_view(), name="safety-stock-edit"),
]
