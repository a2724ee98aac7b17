"""Customers and prospects, sales orders, deliveries, payments received and counter returns."""

from sales.models.customers import Customer, CustomerContact, CustomerVisit
from sales.models.deliveries import (
    Delivery,
    DeliveryLine,
    RetailReturn,
    RetailReturnLine,
    SalesPayment,
)
from sales.models.orders import SalesOrder, SalesOrderLine, line_amount

__all__ = [
    "Customer",
    "CustomerContact",
    "CustomerVisit",
    "Delivery",
    "DeliveryLine",
    "RetailReturn",
    "RetailReturnLine",
    "SalesOrder",
    "SalesOrderLine",
    "SalesPayment",
    "line_amount",
]
