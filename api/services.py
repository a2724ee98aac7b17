"""Writes of the API app: tokens, and the tracking numbers carriers post back.

Sales and returns have no service for a tracking number alone (the screens set it while editing a draft
delivery, shipping it, or receiving a return), so the two small ones live here: each locks the document
row, checks its status and changes only the carrier and tracking number.
"""

import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from api.models import ApiToken, key_hash
from api.scopes import Scope
from common.exceptions import DocumentStateError, DomainError
from returns.choices import EventKind, ReturnStatus
from returns.models import ReturnEvent, ReturnRequest
from sales.choices import DeliveryStatus
from sales.models import Delivery

KEY_PREFIX = "jx_"


def api_token_create(*, name: str, scopes: list[str], user, by, rate_limit: int | None = None):
    """Return the token and its key; the key is shown once and only its hash is kept."""
    name = (name or "").strip()
    if not name:
        raise DomainError(_("Give the integration a name."), field="name")
    unknown = set(scopes) - set(Scope.values)
    if not scopes or unknown:
        raise DomainError(_("Choose at least one scope from the list."), field="scopes")
    if not user.is_active:
        raise DomainError(_("%(user)s is inactive.") % {"user": user}, field="user")
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        name=name,
        prefix=key[:10],
        key_hash=key_hash(key),
        scopes=[scope for scope in Scope.values if scope in scopes],
        user=user,
        rate_limit=rate_limit,
        created_by=by,
    )
    return token, key


def api_token_revoke(*, token: ApiToken, by) -> ApiToken:
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().get(pk=token.pk)
        if token.revoked_at is not None:
            raise DomainError(_("%(token)s is already revoked.") % {"token": token.name})
        token.revoked_at, token.revoked_by = timezone.now(), by
        token.save(update_fields=["revoked_at", "revoked_by"])
    return token


def api_token_touch(token: ApiToken) -> None:
    """Record the last use, at most once a minute per token, so calls do not all write."""
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() >= 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now


def _clean(carrier: str, tracking_number: str) -> tuple[str, str]:
    carrier, tracking_number = (carrier or "").strip(), (tracking_number or "").strip()
    if not tracking_number:
        raise DomainError(_("Enter the tracking number."), field="tracking_number")
    return carrier, tracking_number


def delivery_tracking_post(*, delivery: Delivery, tracking_number: str, by, carrier: str = "") -> Delivery:
    """A carrier's tracking number for a delivery not cancelled."""
    carrier, tracking_number = _clean(carrier, tracking_number)
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update(of=("self",)).get(pk=delivery.pk)
        if delivery.status == DeliveryStatus.CANCELLED:
            raise DocumentStateError(
                _("%(number)s is %(status)s: this action is not possible now.")
                % {"number": delivery.number, "status": delivery.get_status_display()}
            )
        delivery.carrier, delivery.tracking_number = carrier or delivery.carrier, tracking_number
        delivery.save(update_fields=["carrier", "tracking_number"])
    return delivery


# The customer sends the goods once the request is in; on receipt the warehouse confirms what came.
RETURN_TRACKING_STATUSES = (ReturnStatus.SUBMITTED, ReturnStatus.APPROVED)


def return_tracking_post(
    *, request: ReturnRequest, tracking_number: str, by, carrier: str = ""
) -> ReturnRequest:
    """The tracking number of the customer's return shipment, noted on the request's timeline."""
    carrier, tracking_number = _clean(carrier, tracking_number)
    with transaction.atomic():
        request = ReturnRequest.objects.select_for_update(of=("self",)).get(pk=request.pk)
        if request.status not in RETURN_TRACKING_STATUSES:
            raise DocumentStateError(
                _("%(number)s is %(status)s: this action is not possible now.")
                % {"number": request.number, "status": request.get_status_display()}
            )
        request.carrier, request.tracking_number = carrier or request.carrier, tracking_number
        request.save(update_fields=["carrier", "tracking_number"])
        ReturnEvent.objects.create(
            request=request,
            kind=EventKind.NOTE,
            text=_("Return shipment on its way: %(carrier)s %(tracking)s.")
            % {"carrier": request.carrier or "—", "tracking": tracking_number},
            by=by,
        )
    return request
