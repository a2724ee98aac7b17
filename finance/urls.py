from django.urls import path

from finance import views
from finance.choices import PaymentKind

app_name = "finance"

urlpatterns = [
    path("payments/", views.PaymentListView.as_view(), name="payment-list"),
    # 付供货商欠款登记, 供货商退款登记, 收款登记, 退款登记: one screen, four kinds.
    path(
        "payments/new/supplier-payment/",
        views.PaymentCreateView.as_view(),
        {"kind": PaymentKind.SUPPLIER_PAYMENT},
        name="supplier-payment-create",
    ),
    path(
        "payments/new/supplier-refund/",
        views.PaymentCreateView.as_view(),
        {"kind": PaymentKind.SUPPLIER_REFUND},
        name="supplier-refund-create",
    ),
    path(
        "payments/new/customer-receipt/",
        views.PaymentCreateView.as_view(),
        {"kind": PaymentKind.CUSTOMER_RECEIPT},
        name="customer-receipt-create",
    ),
    path(
        "payments/new/customer-refund/",
        views.PaymentCreateView.as_view(),
        {"kind": PaymentKind.CUSTOMER_REFUND},
        name="customer-refund-create",
    ),
    path("payments/<int:pk>/", views.PaymentDetailView.as_view(), name="payment-detail"),
    path("payments/<int:pk>/allocate/", views.PaymentAllocateView.as_view(), name="payment-allocate"),
    path("invoices/", views.InvoiceListView.as_view(), name="invoice-list"),
    path("invoices/new/", views.InvoiceCreateView.as_view(), name="invoice-create"),
    path("invoices/<int:pk>/", views.InvoiceDetailView.as_view(), name="invoice-detail"),
    path("invoices/<int:pk>/contract/", views.ContractDownloadView.as_view(), name="invoice-contract-detail"),
]
