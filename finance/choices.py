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


class PaymentKind(models.TextChoices):
    """Who the money goes to or comes from, and which way."""

    SUPPLIER_PAYMENT = "supplier_payment", _("Payment to supplier")
    SUPPLIER_REFUND = "supplier_refund", _("Refund received from supplier")
    CUSTOMER_RECEIPT = "customer_receipt", _("Receipt from customer")
    CUSTOMER_REFUND = "customer_refund", _("Refund paid to customer")


class PaymentMethod(models.TextChoices):
    CASH = "cash", _("Cash")
    TRANSFER = "transfer", _("Bank transfer")
    WECHAT = "wechat", _("WeChat Pay")
    ALIPAY = "alipay", _("Alipay")
    CARD = "card", _("Card")
    OTHER = "other", _("Other")


class InvoiceDirection(models.TextChoices):
    ISSUED = "issued", _("Issued to customer")
    RECEIVED = "received", _("Received from supplier")


# Entries that settle documents rather than create them: a payment, a receipt, a refund.
SETTLEMENT_ENTRY_TYPES = (
    EntryType.SUPPLIER_PAYMENT,
    EntryType.SUPPLIER_REFUND,
    EntryType.CUSTOMER_RECEIPT,
    EntryType.CUSTOMER_REFUND,
)

# Per payment kind: the partner type, the ledger entry type, the sign of its ledger amount (the
# ledger's convention: positive is what we owe a supplier / what a customer owes us), and the number prefix.
PAYMENT_KIND_RULES = {
    PaymentKind.SUPPLIER_PAYMENT: (PartnerType.SUPPLIER, EntryType.SUPPLIER_PAYMENT, -1, "PAY"),
    PaymentKind.SUPPLIER_REFUND: (PartnerType.SUPPLIER, EntryType.SUPPLIER_REFUND, 1, "REC"),
    PaymentKind.CUSTOMER_RECEIPT: (PartnerType.CUSTOMER, EntryType.CUSTOMER_RECEIPT, -1, "REC"),
    PaymentKind.CUSTOMER_REFUND: (PartnerType.CUSTOMER, EntryType.CUSTOMER_REFUND, 1, "PAY"),
}

# How the ledger's document types read on screens and in exports (the types are ``app_label.model``).
DOCUMENT_TYPE_LABELS = {
    "finance.payment": _("Payment"),
    "purchasing.goodsreceipt": _("Goods receipt"),
    "purchasing.purchasereturn": _("Return to supplier"),
    "sales.delivery": _("Delivery"),
    "sales.salespayment": _("Payment received"),
    "sales.retailreturn": _("Counter return"),
    "returns.returnrequest": _("Customer return"),
    "returns.refund": _("Refund"),
}
