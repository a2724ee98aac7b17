from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    INAPP = "inapp", _("In-app message")
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")
    WEBHOOK = "webhook", _("Webhook")


class NotificationStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class NotificationKind(models.TextChoices):
    """The kinds other apps send; ``kind`` is a free string, these are the ones we know of."""

    APPROVAL_WAITING = "approval_waiting", _("Document waiting for approval")
    LOW_STOCK = "low_stock", _("Low stock")
    REPLENISHMENT_READY = "replenishment_ready", _("Replenishment suggestions ready")
    RETURN_OVERDUE = "return_overdue", _("Overdue return step")
    CUSTOMER_RETURN = "customer_return", _("Return progress (customer)")


class WebhookEvent(models.TextChoices):
    """The events an integration may subscribe to; the value is the ``event`` of the webhook's body."""

    RETURN_APPROVED = "return.approved", _("Return request approved")
    RETURN_REJECTED = "return.rejected", _("Return request rejected")
    RETURN_RECEIVED = "return.received", _("Returned goods received")
    RETURN_REFUNDED = "return.refunded", _("Return refund paid")
    DELIVERY_SHIPPED = "delivery.shipped", _("Delivery shipped")
    STOCK_LOW = "stock.low", _("Low-stock alert opened")
