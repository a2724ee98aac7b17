from returns.models.feedback import ReturnFeedback
from returns.models.policy import ProductReturnPolicy, ReturnPolicy, ReturnReason
from returns.models.refund import Refund
from returns.models.request import (
    ReplacementLine,
    ReturnEvent,
    ReturnLine,
    ReturnPhoto,
    ReturnRequest,
    public_token_new,
)

__all__ = [
    "ProductReturnPolicy",
    "Refund",
    "ReplacementLine",
    "ReturnEvent",
    "ReturnFeedback",
    "ReturnLine",
    "ReturnPhoto",
    "ReturnPolicy",
    "ReturnReason",
    "ReturnRequest",
    "public_token_new",
]
