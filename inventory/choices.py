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
