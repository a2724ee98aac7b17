"""Helpers shared by the purchasing services; not part of the app's public interface."""

from decimal import Decimal

from django.utils.translation import gettext as _

from common.exceptions import DomainError
from common.notifications import notify_approvers, notify_users
from finance.choices import PartnerType
from finance.services import PartnerRef


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


def supplier_ref(supplier) -> PartnerRef:
    return PartnerRef(PartnerType.SUPPLIER, supplier.pk, supplier.name)


def reason_required(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give a reason for the rejection."), field="reason")
    return reason


def quantity_text(quantity: Decimal) -> str:
    """``10`` rather than ``1E+1``, ``2.5`` rather than ``2.500``."""
    return f"{Decimal(quantity).normalize():f}"


def notify_submitted(document, *, permission: str, by) -> None:
    """Tell the approvers that a document waits for them (not its creator: nobody approves their own)."""
    notify_approvers(
        document_label=str(document._meta.verbose_name),
        number=document.number,
        url=document.get_absolute_url(),
        permission=permission,
        exclude_user=by,
    )


def notify_rejected(document, *, reason: str, by) -> None:
    """Tell the creator that their document was sent back, and why."""
    notify_users(
        users=[document.created_by],
        kind="document_rejected",
        subject=_("%(number)s was rejected by %(user)s") % {"number": document.number, "user": by},
        body=reason,
        url=document.get_absolute_url(),
    )
