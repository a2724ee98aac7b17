"""Every write of the sales app. Each function owns its transaction and raises a DomainError whose
message a user can read."""

from sales.services.customers import customer_visit_add, prospect_convert
from sales.services.deliveries import (
    DeliveryLineData,
    delivery_cancel,
    delivery_create,
    delivery_ship,
    delivery_update,
    due_date_for,
    picks_from_reservations,
)
from sales.services.orders import (
    CreditCheck,
    OrderLineData,
    approval_reasons,
    credit_check,
    list_price,
    price_type_for,
    sales_order_approve,
    sales_order_cancel,
    sales_order_complete,
    sales_order_create,
    sales_order_reject,
    sales_order_reopen,
    sales_order_submit,
    sales_order_update,
    stock_shortages,
)
from sales.services.payments import sales_payment_post
from sales.services.retail import (
    RetailSaleResult,
    ReturnLineData,
    retail_return_post,
    retail_sale_post,
    walk_in_customer,
)

__all__ = [
    "CreditCheck",
    "DeliveryLineData",
    "OrderLineData",
    "RetailSaleResult",
    "ReturnLineData",
    "approval_reasons",
    "credit_check",
    "customer_visit_add",
    "delivery_cancel",
    "delivery_create",
    "delivery_ship",
    "delivery_update",
    "due_date_for",
    "list_price",
    "picks_from_reservations",
    "price_type_for",
    "prospect_convert",
    "retail_return_post",
    "retail_sale_post",
    "sales_order_approve",
    "sales_order_cancel",
    "sales_order_complete",
    "sales_order_create",
    "sales_order_reject",
    "sales_order_reopen",
    "sales_order_submit",
    "sales_order_update",
    "sales_payment_post",
    "stock_shortages",
    "walk_in_customer",
]
