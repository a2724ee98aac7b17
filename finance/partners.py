"""Suppliers, customers and orders as finance sees them: looked up by model label through the app registry,
so finance imports no domain app (they depend on finance, not the other way round)."""

from django.apps import apps

from finance.choices import InvoiceDirection, PartnerType
from finance.selectors import DocumentRef
from finance.services import PartnerRef

PARTNER_MODELS = {PartnerType.SUPPLIER: "suppliers.Supplier", PartnerType.CUSTOMER: "sales.Customer"}
# The orders an invoice belongs to: model label and the field naming its partner.
ORDER_MODELS = {
    InvoiceDirection.ISSUED: ("sales.SalesOrder", "customer", PartnerType.CUSTOMER),
    InvoiceDirection.RECEIVED: ("purchasing.PurchaseOrder", "supplier", PartnerType.SUPPLIER),
}


def partner_queryset(partner_type: str):
    return apps.get_model(PARTNER_MODELS[partner_type]).objects.filter(is_active=True).order_by("name")


def partner_ref(partner_type: str, partner) -> PartnerRef:
    return PartnerRef(partner_type, partner.pk, partner.name)


def partner_url(partner_type: str, partner_id: int) -> str:
    model = apps.get_model(PARTNER_MODELS[partner_type])
    partner = model.objects.filter(pk=partner_id).first()
    return partner.get_absolute_url() if partner is not None and hasattr(partner, "get_absolute_url") else ""


def order_find(direction: str, number: str):
    """The order with this number and its partner, or ``None``."""
    label, partner_field, partner_type = ORDER_MODELS[direction]
    order = apps.get_model(label).objects.select_related(partner_field).filter(number=number.strip()).first()
    if order is None:
        return None
    partner = getattr(order, partner_field)
    return (
        DocumentRef(order._meta.label_lower, order.pk, order.number),
        PartnerRef(partner_type, partner.pk, partner.name),
    )
