from django.db import models
from django.utils.translation import gettext_lazy as _


class MoveType(models.TextChoices):
    OPENING = "opening", _("Opening stock")
    RECEIPT = "receipt", _("Goods receipt")
    PURCHASE_RETURN = "purchase_return", _("Return to supplier")
    SHIPMENT = "shipment", _("Shipment")
    CUSTOMER_RETURN = "customer_return", _("Customer return")
    EXCHANGE_OUT = "exchange_out", _("Exchange out")
    TRANSFER_OUT = "transfer_out", _("Transfer out")
    TRANSFER_IN = "transfer_in", _("Transfer in")
    COUNT_ADJUSTMENT = "count_adjustment", _("Count adjustment")
    SCRAP = "scrap", _("Scrap")
    REVERSAL = "reversal", _("Reversal")


class OpeningStockStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    POSTED = "posted", _("Posted")
    CANCELLED = "cancelled", _("Cancelled")


class TransferStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_TRANSIT = "in_transit", _("In transit")
    RECEIVED = "received", _("Received")
    CANCELLED = "cancelled", _("Cancelled")


class StocktakeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    COUNTING = "counting", _("Counting")
    SUBMITTED = "submitted", _("Submitted")
    POSTED = "posted", _("Posted")
    CANCELLED = "cancelled", _("Cancelled")


class AlertStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    CLOSED = "closed", _("Closed")
