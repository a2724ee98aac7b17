"""回款: money received against a sales order, entered in the customer's ledger."""

from datetime import date as date_type
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from common.documents import document_number_next
from finance.choices import EntryType
from finance.services import allocation_auto, ledger_entry_post
from sales.choices import DeliveryStatus
from sales.exceptions import PaymentRefusedError
from sales.models import SalesOrder, SalesPayment
from sales.selectors import order_collection
from sales.services.common import customer_ref


def sales_payment_post(
    *,
    order: SalesOrder,
    amount: Decimal,
    date: date_type,
    method: str,
    by,
    reference: str = "",
    note: str = "",
) -> SalesPayment:
    """Record a payment of the customer against the order; it cannot exceed what is outstanding."""
    with transaction.atomic():
        order = SalesOrder.objects.select_for_update(of=("self",)).select_related("customer").get(pk=order.pk)
        if amount is None or amount <= 0:
            raise PaymentRefusedError(_("Enter an amount greater than zero."), field="amount")
        collection = order_collection(order_id=order.pk)
        if amount > collection.outstanding:
            raise PaymentRefusedError(
                _("%(number)s has %(outstanding)s outstanding: %(amount)s is more than that.")
                % {"number": order.number, "outstanding": collection.outstanding, "amount": amount},
                field="amount",
            )
        payment = SalesPayment.objects.create(
            number=document_number_next(prefix=SalesPayment.number_prefix, on=date),
            order=order,
            customer=order.customer,
            date=date,
            amount=amount,
            method=method,
            reference=reference,
            note=note,
            created_by=by,
        )
        ledger_entry_post(
            partner=customer_ref(order.customer),
            entry_type=EntryType.CUSTOMER_RECEIPT,
            amount=-amount,
            date=date,
            document=payment,
            by=by,
            note=order.number,
        )
        # Settle the order's shipped deliveries, oldest first; the rest stays as the customer's credit.
        allocation_auto(
            partner=customer_ref(order.customer),
            sources=[payment],
            documents=list(order.deliveries.filter(status=DeliveryStatus.SHIPPED).order_by("date", "id")),
            by=by,
            date=date,
        )
    return payment
