from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    INAPP = "inapp", _("In-app message")
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")


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
