"""Helpers shared by the sales services; not part of the app's public interface."""

from decimal import Decimal

from django.db.models import F, Sum
from django.utils.translation import gettext as _

from common.exceptions import DomainError
from finance.choices import PartnerType
from finance.services import PartnerRef
from inventory.models import StockBalance


def refuse_own(document, by) -> None:
    if document.created_by_id == by.pk:
        raise DomainError(
            _("Nobody approves a document they created: ask another approver to decide %(number)s.")
            % {"number": document.number}
        )


def check_quantity(product, quantity: Decimal, *, allow_zero=False) -> None:
    if quantity is None or quantity < 0 or (quantity == 0 and not allow_zero):
        raise DomainError(_("Enter a quantity greater than zero for %(product)s.") % {"product": product})
    if not product.unit.is_fractional and quantity != quantity.to_integral_value():
        raise DomainError(
            _("%(product)s is counted in whole %(unit)s.") % {"product": product, "unit": product.unit}
        )


def customer_ref(customer) -> PartnerRef:
    return PartnerRef(PartnerType.CUSTOMER, customer.pk, customer.name)


def reason_required(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give a reason for the rejection."), field="reason")
    return reason


def quantity_text(quantity: Decimal) -> str:
    """``10`` rather than ``1E+1``, ``2.5`` rather than ``2.500``."""
    return f"{Decimal(quantity).normalize():f}"


def available_in_warehouse(*, product_ids, warehouse_id: int) -> dict[int, Decimal]:
    """On hand less reserved per product over the warehouse's stock locations (transit excluded)."""
    rows = (
        StockBalance.objects.filter(
            product_id__in=list(product_ids), location__warehouse_id=warehouse_id, location__is_transit=False
        )
        .values("product_id")
        .order_by()
        .annotate(available=Sum(F("on_hand") - F("reserved")))
    )
    return {row["product_id"]: row["available"] for row in rows}
