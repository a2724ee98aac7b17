"""Every write of the purchasing app. Each function owns its transaction and raises a DomainError whose
message a user can read."""

from purchasing.services.orders import (
    OrderLineData,
    purchase_order_approve,
    purchase_order_cancel,
    purchase_order_close,
    purchase_order_create,
    purchase_order_reject,
    purchase_order_reopen,
    purchase_order_submit,
    purchase_order_update,
)
from purchasing.services.receipts import ReceiptLineData, goods_receipt_post, receipt_limit
from purchasing.services.returns import (
    ReturnLineData,
    ReturnSource,
    purchase_return_approve,
    purchase_return_cancel,
    purchase_return_create,
    purchase_return_reject,
    purchase_return_reopen,
    purchase_return_ship,
    purchase_return_submit,
    purchase_return_update,
)

__all__ = [
    "OrderLineData",
    "ReceiptLineData",
    "ReturnLineData",
    "ReturnSource",
    "goods_receipt_post",
    "purchase_order_approve",
    "purchase_order_cancel",
    "purchase_order_close",
    "purchase_order_create",
    "purchase_order_reject",
    "purchase_order_reopen",
    "purchase_order_submit",
    "purchase_order_update",
    "purchase_return_approve",
    "purchase_return_cancel",
    "purchase_return_create",
    "purchase_return_reject",
    "purchase_return_reopen",
    "purchase_return_ship",
    "purchase_return_submit",
    "purchase_return_update",
    "receipt_limit",
]
