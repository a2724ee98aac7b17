"""/api/v1/ (token only, no session, no CSRF), /api/schema/ (OpenAPI 3) and /api/docs/ (browsable), and
the administrators' token screens under /api/tokens/."""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from api import staff_views
from api.exceptions import not_found
from api.views import catalog, partners, purchasing, reports, returns, sales

app_name = "api"


class DocsView(SpectacularSwaggerSplitView):
    template_name = "api/docs.html"
    url_name = "api:schema"


urlpatterns = [
    path("v1/products/", catalog.ProductListView.as_view(), name="product-list"),
    path("v1/products/<int:pk>/", catalog.ProductDetailView.as_view(), name="product-detail"),
    path("v1/stock/", catalog.StockListView.as_view(), name="stock-list"),
    path("v1/customers/", partners.CustomerListView.as_view(), name="customer-list"),
    path("v1/customers/<int:pk>/", partners.CustomerDetailView.as_view(), name="customer-detail"),
    path("v1/sales-orders/", sales.SalesOrderListView.as_view(), name="sales-order-list"),
    path("v1/sales-orders/<str:number>/", sales.SalesOrderDetailView.as_view(), name="sales-order-detail"),
    path(
        "v1/deliveries/<str:number>/tracking/", sales.DeliveryTrackingView.as_view(), name="delivery-tracking"
    ),
    path("v1/return-requests/", returns.ReturnRequestListView.as_view(), name="return-request-list"),
    path(
        "v1/return-requests/<str:number>/",
        returns.ReturnRequestDetailView.as_view(),
        name="return-request-detail",
    ),
    path(
        "v1/return-requests/<str:number>/tracking/",
        returns.ReturnTrackingView.as_view(),
        name="return-request-tracking",
    ),
    path("v1/suppliers/", partners.SupplierListView.as_view(), name="supplier-list"),
    path("v1/suppliers/<int:pk>/", partners.SupplierDetailView.as_view(), name="supplier-detail"),
    path("v1/purchase-orders/", purchasing.PurchaseOrderListView.as_view(), name="purchase-order-list"),
    path(
        "v1/purchase-orders/<str:number>/",
        purchasing.PurchaseOrderDetailView.as_view(),
        name="purchase-order-detail",
    ),
    path("v1/reports/", reports.ReportListView.as_view(), name="report-list"),
    path("v1/reports/<slug:slug>/", reports.ReportDetailView.as_view(), name="report-detail"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", DocsView.as_view(), name="docs"),
    path("tokens/", staff_views.TokenListView.as_view(), name="token-list"),
    path("tokens/new/", staff_views.TokenCreateView.as_view(), name="token-create"),
    path("tokens/<int:pk>/revoke/", staff_views.TokenRevokeView.as_view(), name="token-revoke"),
    re_path(r"^v1/", not_found, name="not-found"),
]
