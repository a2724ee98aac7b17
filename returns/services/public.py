"""The customer's side of returns, with no login: find an order (or delivery) by its number and the phone
or e-mail on it, return some of its lines through the same services staff use, and rate a completed
request once (客户回访).

The requests are created and submitted by one system user (``CUSTOMER_FORM_USERNAME``): it cannot sign
in (unusable password) and holds only ``returns.change_returnrequest``, which submitting needs. So
``created_by`` and the transition log name the customer form, and nobody is kept from approving.
"""

import hmac
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from common.exceptions import DomainError
from returns.choices import RequestSource, ReturnStatus
from returns.exceptions import ReturnRefusedError
from returns.models import ReturnFeedback, ReturnReason, ReturnRequest
from returns.selectors import returnable_delivery_lines
from returns.services.common import lock, quantity_text
from returns.services.requests import RequestLineData, return_request_create, return_request_submit
from sales.choices import DeliveryStatus
from sales.models import Customer, CustomerContact, Delivery, SalesOrder

CUSTOMER_FORM_USERNAME = "customer-return-form"
# Compared against so that an unknown number costs the same work as a wrong phone.
_NOBODY = ("\x00" * 16,) * 4


def customer_form_user():
    """The system user behind requests from the customer form (made on first use)."""
    user_model = get_user_model()
    try:
        user, created = user_model.objects.get_or_create(
            username=CUSTOMER_FORM_USERNAME,
            defaults={"first_name": "Customer", "last_name": "form", "is_active": True},
        )
    except IntegrityError:  # two first submissions at once: the other one made it
        user, created = user_model.objects.get(username=CUSTOMER_FORM_USERNAME), False
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label="returns", codename="change_returnrequest")
        )
    return user


def number_normalise(value: str) -> str:
    return re.sub(r"\s+", "", value or "").upper()


def contact_normalise(value: str) -> str:
    """An e-mail in lower case; a phone without spaces, dashes, dots and brackets."""
    value = (value or "").strip()
    if "@" in value:
        return value.casefold()
    return re.sub(r"[\s\-().]", "", value)


@dataclass(frozen=True)
class CustomerMatch:
    """What the customer proved is theirs: an order, or one delivery of it."""

    customer_id: int
    order_id: int
    delivery_id: int | None = None
    contact: str = ""  # what they typed, normalised: the request's contact for messages

    def as_session(self) -> dict:
        return {
            "customer": self.customer_id,
            "order": self.order_id,
            "delivery": self.delivery_id,
            "contact": self.contact,
        }

    @classmethod
    def from_session(cls, data) -> "CustomerMatch | None":
        try:
            return cls(
                int(data["customer"]), int(data["order"]), data.get("delivery"), data.get("contact", "")
            )
        except (KeyError, TypeError, ValueError):
            return None


def customer_order_find(*, number: str, contact: str) -> CustomerMatch | None:
    """The order or shipped delivery with ``number`` when ``contact`` is the phone or e-mail of its
    customer (or of one of the customer's contacts); ``None`` otherwise, whichever of the two was wrong.

    Both numbers are always looked up and every candidate is compared with ``hmac.compare_digest``, so a
    wrong number and a wrong phone take about the same time.
    """
    number = number_normalise(number)
    given = contact_normalise(contact)
    order = SalesOrder.objects.filter(number=number).only("pk", "customer_id").first()
    delivery = (
        Delivery.objects.filter(number=number, status=DeliveryStatus.SHIPPED)
        .only("pk", "order_id", "customer_id")
        .first()
    )
    customer_id = order.customer_id if order else (delivery.customer_id if delivery else 0)
    candidates = [
        contact_normalise(value)
        for row in CustomerContact.objects.filter(customer_id=customer_id).values_list("phone", "email")
        for value in row
    ]
    row = Customer.objects.filter(pk=customer_id).values_list("phone", "email").first() or ("", "")
    candidates += [contact_normalise(value) for value in row]
    candidates = [value for value in candidates if value] or list(_NOBODY)
    matched = False
    for candidate in candidates:
        # No short cut: every candidate is compared.
        matched = hmac.compare_digest(candidate.encode(), (given or "\x01").encode()) | matched
    if not matched or customer_id == 0 or not given:
        return None
    if order is not None:
        return CustomerMatch(order.customer_id, order.pk, None, given)
    return CustomerMatch(delivery.customer_id, delivery.order_id, delivery.pk, given)


def customer_returnable_lines(match: CustomerMatch) -> QuerySet:
    """The shipped lines of the matched order (or delivery) that can still come back, oldest first."""
    lines = returnable_delivery_lines(customer_id=match.customer_id, order_id=match.order_id)
    if match.delivery_id:
        lines = lines.filter(delivery_id=match.delivery_id)
    return lines.filter(returnable__gt=0)


@dataclass(frozen=True)
class CustomerLineData:
    delivery_line_id: int
    quantity: Decimal
    reason: ReturnReason
    photos: Sequence = field(default_factory=tuple)


def customer_return_submit(
    *, match: CustomerMatch, lines: Sequence[CustomerLineData], note: str = "", language: str = ""
) -> ReturnRequest:
    """A request from the customer form, made and submitted by the services staff use (so it is checked,
    flagged and approved exactly like theirs); the customer is told with the progress link."""
    lines = [line for line in lines if line.quantity]
    if not lines:
        raise DomainError(_("Enter how many of at least one product you send back."))
    available = {line.pk: line for line in customer_returnable_lines(match)}
    data = []
    for line in lines:
        shipped = available.get(line.delivery_line_id)
        if shipped is None:
            raise ReturnRefusedError(_("This product cannot be returned from this order any more."))
        if line.quantity < 0 or line.quantity > shipped.returnable:
            raise ReturnRefusedError(
                _("%(product)s: at most %(available)s can be returned, not %(quantity)s.")
                % {
                    "product": shipped.product.name,
                    "available": quantity_text(shipped.returnable),
                    "quantity": quantity_text(line.quantity),
                }
            )
        data.append(
            RequestLineData(
                product=shipped.product,
                quantity=line.quantity,
                reason=line.reason,
                lot=shipped.lot,
                photos=tuple(line.photos),
            )
        )
    order = SalesOrder.objects.select_related("customer").get(pk=match.order_id)
    by = customer_form_user()
    email = match.contact if "@" in match.contact else ""
    phone = match.contact if match.contact and not email else ""
    with transaction.atomic():
        request = return_request_create(
            customer=order.customer,
            lines=data,
            by=by,
            order=order,
            note=note,
            source=RequestSource.CUSTOMER_FORM,
            contact_email=email,
            contact_phone=phone,
        )
        if language:  # the customer's messages in the language they used on the form
            ReturnRequest.objects.filter(pk=request.pk).update(language=language)
        return return_request_submit(request=request, by=by, comment=_("Sent by the customer."))


def return_feedback_give(*, request: ReturnRequest, rating: int, comment: str = "") -> ReturnFeedback:
    """The customer's rating (1-5) and comment on a completed request; once."""
    if rating not in (1, 2, 3, 4, 5):
        raise DomainError(_("Choose from 1 to 5 stars."), field="rating")
    with transaction.atomic():
        request = lock(request)
        if request.status != ReturnStatus.COMPLETED:
            raise DomainError(_("You can rate your return once it is completed."))
        if ReturnFeedback.objects.filter(request=request).exists():
            raise DomainError(_("Thank you: we already have your feedback on this return."))
        return ReturnFeedback.objects.create(request=request, rating=rating, comment=(comment or "")[:2000])
