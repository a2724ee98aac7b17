"""Every write of the returns app. Each function owns its transaction and raises a DomainError whose
message a user can read."""

from returns.services.exchanges import exchange_to_refund, replacement_retry, replacement_ship
from returns.services.inspection import (
    InspectionLineData,
    ReceiptLineData,
    refund_amount_due,
    request_complete_if_done,
    return_request_inspect,
    return_request_receive,
)
from returns.services.overdue import return_overdue_scan, return_step_limits_set
from returns.services.public import (
    CustomerLineData,
    CustomerMatch,
    customer_order_find,
    customer_return_submit,
    customer_returnable_lines,
    return_feedback_give,
)
from returns.services.refunds import refund_approve, refund_pay
from returns.services.requests import (
    MatchedLine,
    ReplacementData,
    RequestLineData,
    return_lines_match,
    return_request_approve,
    return_request_cancel,
    return_request_create,
    return_request_reject,
    return_request_submit,
    return_tracking_post,
)

__all__ = [
    "CustomerLineData",
    "CustomerMatch",
    "InspectionLineData",
    "MatchedLine",
    "ReceiptLineData",
    "ReplacementData",
    "RequestLineData",
    "customer_order_find",
    "customer_return_submit",
    "customer_returnable_lines",
    "exchange_to_refund",
    "refund_amount_due",
    "refund_approve",
    "refund_pay",
    "replacement_retry",
    "replacement_ship",
    "request_complete_if_done",
    "return_feedback_give",
    "return_lines_match",
    "return_overdue_scan",
    "return_request_approve",
    "return_request_cancel",
    "return_request_create",
    "return_request_inspect",
    "return_request_receive",
    "return_request_reject",
    "return_request_submit",
    "return_tracking_post",
    "return_step_limits_set",
]
