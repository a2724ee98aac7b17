from django.db import models
from django.utils.translation import gettext_lazy as _


class CustomerType(models.TextChoices):
    RETAIL = "retail", _("Retail")
    WHOLESALE = "wholesale", _("Wholesale")


class CustomerStage(models.TextChoices):
    PROSPECT = "prospect", _("Prospect")
    CUSTOMER = "customer", _("Customer")


class VisitKind(models.TextChoices):
    VISIT = "visit", _("Visit")
    CALL = "call", _("Phone call")
    MESSAGE = "message", _("Message or e-mail")
    MEETING = "meeting", _("Meeting at our office")


class PriceType(models.TextChoices):
    """Which list price a sales order starts from; the user may still change each line's price."""

    RETAIL = "retail", _("Retail price")
    WHOLESALE = "wholesale", _("Wholesale price")


class SalesOrderStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    PARTIALLY_SHIPPED = "partially_shipped", _("Partially shipped")
    SHIPPED = "shipped", _("Shipped")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class DeliveryStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SHIPPED = "shipped", _("Shipped")
    CANCELLED = "cancelled", _("Cancelled")


class PaymentMethod(models.TextChoices):
    CASH = "cash", _("Cash")
    CARD = "card", _("Bank card")
    MOBILE = "mobile", _("WeChat / Alipay")
    TRANSFER = "transfer", _("Bank transfer")


# Orders that still hold stock or still have goods to ship.
OPEN_ORDER_STATUSES = [
    SalesOrderStatus.SUBMITTED,
    SalesOrderStatus.APPROVED,
    SalesOrderStatus.PARTIALLY_SHIPPED,
]
SHIPPABLE_ORDER_STATUSES = [SalesOrderStatus.APPROVED, SalesOrderStatus.PARTIALLY_SHIPPED]
# Orders whose shipments count as sales (for payment collection and the customer page).
INVOICED_ORDER_STATUSES = [
    SalesOrderStatus.PARTIALLY_SHIPPED,
    SalesOrderStatus.SHIPPED,
    SalesOrderStatus.COMPLETED,
]
