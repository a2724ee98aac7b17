from django.db import models
from django.utils.translation import gettext_lazy as _


class ReturnStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    RECEIVED = "received", _("Received")
    INSPECTED = "inspected", _("Inspected")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class ReturnKind(models.TextChoices):
    RETURN = "return", _("Return and refund")
    EXCHANGE = "exchange", _("Exchange")


class RequestSource(models.TextChoices):
    STAFF = "staff", _("Staff")
    CUSTOMER_FORM = "customer_form", _("Customer form")
    API = "api", _("API")


class Condition(models.TextChoices):
    RESALABLE = "resalable", _("Resalable")
    OPEN_BOX = "open_box", _("Open box")
    DAMAGED = "damaged", _("Damaged")
    DEFECTIVE = "defective", _("Defective")


class Disposition(models.TextChoices):
    RESTOCK = "restock", _("Restock")
    SUPPLIER = "supplier", _("Return to supplier")
    SCRAP = "scrap", _("Scrap")


class RefundStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    PAID = "paid", _("Paid")


class ReplacementStatus(models.TextChoices):
    NONE = "", _("No replacement")
    WAITING = "waiting", _("Waiting for approval")
    RESERVED = "reserved", _("Reserved")
    BACKORDERED = "backordered", _("Backorder: waiting for stock")
    SHIPPED = "shipped", _("Shipped")
    REFUNDED = "refunded", _("Turned into a refund")


class BackorderChoice(models.TextChoices):
    WAIT = "wait", _("Wait for the replacement")
    REFUND = "refund", _("Refund instead")


class EventKind(models.TextChoices):
    RECEIPT = "receipt", _("Goods received")
    INSPECTION = "inspection", _("Inspection")
    POSTING = "posting", _("Stock posting")
    REFUND = "refund", _("Refund")
    EXCHANGE = "exchange", _("Replacement")
    NOTE = "note", _("Note")


# Requests whose lines still hold part of what was shipped (not yet in the delivery line's returned
# quantity, which inspection fills in).
HOLDING_STATUSES = [
    ReturnStatus.DRAFT,
    ReturnStatus.SUBMITTED,
    ReturnStatus.APPROVED,
    ReturnStatus.RECEIVED,
]
OPEN_STATUSES = [*HOLDING_STATUSES, ReturnStatus.INSPECTED]
