from django.urls import path

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
    path("customers/<int:pk>/visits/", views.CustomerVisitAddView.as_view(), name="customer-visit-add"),
    path("customers/<int:pk>/convert/", views.ProspectConvertView.as_view(), name="customer-convert"),
    path("prospects/", views.ProspectListView.as_view(), name="prospect-list"),
    # Sales orders
    path("orders/", views.SalesOrderListView.as_view(), name="order-list"),
    path("orders/retail/", views.SalesOrderListView.as_view(), {"kind": "retail"}, name="retail-sale-list"),
    path(
        "orders/wholesale/",
        views.SalesOrderListView.as_view(),
        {"kind": "wholesale"},
        name="wholesale-order-list",
    ),
    path("orders/new/", views.SalesOrderFormView.as_view(), name="order-create"),
    path("orders/<int:pk>/", views.SalesOrderDetailView.as_view(), name="order-detail"),
    path("orders/<int:pk>/edit/", views.SalesOrderFormView.as_view(), name="order-edit"),
    path("orders/<int:pk>/submit/", views.OrderSubmitView.as_view(), name="order-submit"),
    path("orders/<int:pk>/approve/", views.OrderApproveView.as_view(), name="order-approve"),
    path("orders/<int:pk>/reject/", views.OrderRejectView.as_view(), name="order-reject"),
    path("orders/<int:pk>/reopen/", views.OrderReopenView.as_view(), name="order-reopen"),
    path("orders/<int:pk>/cancel/", views.OrderCancelView.as_view(), name="order-cancel"),
    path("orders/<int:pk>/complete/", views.OrderCompleteView.as_view(), name="order-complete"),
    path("orders/<int:pk>/deliver/", views.OrderDeliverView.as_view(), name="order-deliver"),
    path("orders/<int:pk>/payments/", views.OrderPaymentView.as_view(), name="order-payment"),
    # Deliveries (出库单)
    path("deliveries/", views.DeliveryListView.as_view(), name="delivery-list"),
    path("deliveries/<int:pk>/", views.DeliveryDetailView.as_view(), name="delivery-detail"),
    path("deliveries/<int:pk>/edit/", views.DeliveryEditView.as_view(), name="delivery-edit"),
    path("deliveries/<int:pk>/ship/", views.DeliveryShipView.as_view(), name="delivery-ship"),
    path("deliveries/<int:pk>/cancel/", views.DeliveryCancelView.as_view(), name="delivery-cancel"),
    path("deliveries/<int:pk>/print/", views.DeliveryPrintView.as_view(), name="delivery-print"),
    # Payment collection (回款)
    path("collection/", views.CollectionListView.as_view(), name="collection-list"),
    # Retail counter (商品零售 / 零售退货)
    path("retail/", views.RetailCounterView.as_view(), name="retail-counter"),
    path("retail/lookup/", views.RetailProductLookupView.as_view(), name="retail-lookup"),
    path("retail/orders/<int:pk>/return/", views.RetailReturnView.as_view(), name="retail-return"),
    path("retail/returns/", views.RetailReturnListView.as_view(), name="retail-return-list"),
    path("retail/returns/<int:pk>/", views.RetailReturnDetailView.as_view(), name="retail-return-detail"),
]
