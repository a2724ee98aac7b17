from django.urls import path

from purchasing.views import orders, receipts, replenishment, returns

app_name = "purchasing"

urlpatterns = [
    path("orders/", orders.PurchaseOrderListView.as_view(), name="order-list"),
    path("orders/new/", orders.PurchaseOrderCreateView.as_view(), name="order-create"),
    path("orders/<int:pk>/", orders.PurchaseOrderDetailView.as_view(), name="order-detail"),
    path("orders/<int:pk>/edit/", orders.PurchaseOrderUpdateView.as_view(), name="order-edit"),
    path("orders/<int:pk>/print/", orders.PurchaseOrderPrintView.as_view(), name="order-print"),
    path("orders/<int:pk>/submit/", orders.OrderSubmitView.as_view(), name="order-submit"),
    path("orders/<int:pk>/approve/", orders.OrderApproveView.as_view(), name="order-approve"),
    path("orders/<int:pk>/reject/", orders.OrderRejectView.as_view(), name="order-reject"),
    path("orders/<int:pk>/reopen/", orders.OrderReopenView.as_view(), name="order-reopen"),
    path("orders/<int:pk>/cancel/", orders.OrderCancelView.as_view(), name="order-cancel"),
    path("orders/<int:pk>/close/", orders.OrderCloseView.as_view(), name="order-close"),
    path("orders/<int:pk>/receive/", receipts.GoodsReceiptCreateView.as_view(), name="order-receive"),
    path("receipts/", receipts.GoodsReceiptListView.as_view(), name="receipt-list"),
    path("receipts/<int:pk>/", receipts.GoodsReceiptDetailView.as_view(), name="receipt-detail"),
    path("returns/", returns.PurchaseReturnListView.as_view(), name="return-list"),
    path("returns/new/", returns.PurchaseReturnCreateView.as_view(), name="return-create"),
    path("returns/<int:pk>/", returns.PurchaseReturnDetailView.as_view(), name="return-detail"),
    path("returns/<int:pk>/edit/", returns.PurchaseReturnUpdateView.as_view(), name="return-edit"),
    path("returns/<int:pk>/submit/", returns.ReturnSubmitView.as_view(), name="return-submit"),
    path("returns/<int:pk>/approve/", returns.ReturnApproveView.as_view(), name="return-approve"),
    path("returns/<int:pk>/reject/", returns.ReturnRejectView.as_view(), name="return-reject"),
    path("returns/<int:pk>/reopen/", returns.ReturnReopenView.as_view(), name="return-reopen"),
    path("returns/<int:pk>/cancel/", returns.ReturnCancelView.as_view(), name="return-cancel"),
    path("returns/<int:pk>/ship/", returns.ReturnShipView.as_view(), name="return-ship"),
    path("replenishment/", replenishment.ReplenishmentListView.as_view(), name="replenishment"),
    path(
        "replenishment/compute/",
        replenishment.ReplenishmentComputeView.as_view(),
        name="replenishment-compute",
    ),
    path("replenishment/order/", replenishment.ReplenishmentOrderView.as_view(), name="replenishment-order"),
]
