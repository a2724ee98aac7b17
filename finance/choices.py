from django.db import models
from django.utils.translation import gettext_lazy as _


class PartnerType(models.TextChoices):
    SUPPLIER = "supplier", _("Supplier")
    CUSTOMER = "customer", _("Customer")


class EntryType(models.TextChoices):
    """What a ledger entry records. The sign of the amount follows the partner, see ``PartnerLedgerEntry``."""

    PURCHASE = "purchase", _("Goods received (payable)")
    PURCHASE_RETURN = "purchase_return", _("Return to supplier (credit)")
    SUPPLIER_PAYMENT = "supplier_payment", _("Payment to supplier")
    SUPPLIER_REFUND = "supplier_refund", _("Refund from supplier")
    SALE = "sale", _("Goods delivered (receivable)")
    SALES_RETURN = "sales_return", _("Customer return (credit)")
    CUSTOMER_RECEIPT = "customer_receipt", _("Receipt from customer")
    CUSTOMER_REFUND = "customer_refund", _("Refund to customer")
    ADJUSTMENT = "adjustment", _("Adjustment")
