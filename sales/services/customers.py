"""Prospects (潜在客户), their visit notes (拜访记录) and the one-step conversion to customer."""

from datetime import date as date_type

from django.db import transaction
from django.utils.translation import gettext as _

from common.exceptions import DomainError
from sales.choices import CustomerStage
from sales.models import Customer, CustomerVisit


def customer_visit_add(
    *, customer: Customer, date: date_type, kind: str, note: str, by, next_follow_up: date_type | None = None
) -> CustomerVisit:
    note = (note or "").strip()
    if not note:
        raise DomainError(_("Write what was said or agreed."), field="note")
    if next_follow_up and next_follow_up < date:
        raise DomainError(_("The next follow-up cannot be before the visit."), field="next_follow_up")
    return CustomerVisit.objects.create(
        customer=customer, date=date, kind=kind, note=note, next_follow_up=next_follow_up, created_by=by
    )


def prospect_convert(*, customer: Customer, by) -> Customer:
    """A prospect becomes a customer; its visit notes and contacts stay with it."""
    with transaction.atomic():
        customer = Customer.objects.select_for_update().get(pk=customer.pk)
        if customer.stage != CustomerStage.PROSPECT:
            raise DomainError(_("%(customer)s is already a customer.") % {"customer": customer})
        customer.stage = CustomerStage.CUSTOMER
        customer.is_active = True
        customer.save(update_fields=["stage", "is_active"])
    return customer
