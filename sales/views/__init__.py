"""The screens of the sales app; thin: validate a form, call one service, show the result or the error."""

from sales.views.customers import (
    CustomerDetailView,
    CustomerListView,
    CustomerVisitAddView,
    ProspectConvertView,
    ProspectListView,
)
from sales.views.deliveries import (
    DeliveryCancelView,
    DeliveryDetailView,
    DeliveryEditView,
    DeliveryListView,
    DeliveryPrintView,
    DeliveryShipView,
)
from sales.views.orders import (
    OrderApproveView,
    OrderCancelView,
    OrderCompleteView,
    OrderDeliverView,
    OrderPaymentView,
    OrderRejectView,
    OrderReopenView,
    OrderSubmitView,
    SalesOrderDetailView,
    SalesOrderFormView,
    SalesOrderListView,
)
from sales.views.payments import CollectionListView
from sales.views.retail import (
    RetailCounterView,
    RetailProductLookupView,
    RetailReturnDetailView,
    RetailReturnListView,
    RetailReturnView,
)

__all__ = [
    "CollectionListView",
    "CustomerDetailView",
    "CustomerListView",
    "CustomerVisitAddView",
    "DeliveryCancelView",
    "DeliveryDetailView",
    "DeliveryEditView",
    "DeliveryListView",
    "DeliveryPrintView",
    "DeliveryShipView",
    "OrderApproveView",
    "OrderCancelView",
    "OrderCompleteView",
    "OrderDeliverView",
    "OrderPaymentView",
    "OrderRejectView",
    "OrderReopenView",
    "OrderSubmitView",
    "ProspectConvertView",
    "ProspectListView",
    "RetailCounterView",
    "RetailProductLookupView",
    "RetailReturnDetailView",
    "RetailReturnListView",
    "RetailReturnView",
    "SalesOrderDetailView",
    "SalesOrderFormView",
    "SalesOrderListView",
]
