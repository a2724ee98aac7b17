"""Return requests (退货申请): create (matching each line to the customer's deliveries, oldest first),
submit, approve or reject, cancel.

A delivery line can never give back more than was shipped, less what came back already and what other
open requests hold. The check runs with the delivery lines locked (``select_for_update`` ordered by
primary key), so two requests saved at the same moment for the last units cannot both take them.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.documents import document_number_next, document_transition
from common.exceptions import DocumentStateError, DomainError
from common.notifications import notify_approvers
from common.notifications.choices import WebhookEvent
from inventory.exceptions import InsufficientStockError
from inventory.models import Lot, Product, Warehouse
from inventory.services import ReserveSpec, stock_release, stock_reserve_lines
from returns.choices import (
    BackorderChoice,
    EventKind,
    ReplacementStatus,
    RequestSource,
    ReturnKind,
    ReturnStatus,
)
from returns.exceptions import ReturnRefusedError
from returns.models import (
    ProductReturnPolicy,
    ReplacementLine,
    ReturnEvent,
    ReturnLine,
    ReturnPhoto,
    ReturnPolicy,
    ReturnReason,
    ReturnRequest,
)
from returns.selectors import returnable_delivery_lines
from returns.services.common import ZERO, customer_tell, lock, quantity_text, refuse_own, webhook_tell
from returns.validators import photo_validate
from sales.models import Customer, DeliveryLine, SalesOrder
from sales.services import list_price, price_type_for, tracking_clean

RS = ReturnStatus


@dataclass(frozen=True)
class RequestLineData:
    product: Product
    quantity: Decimal
    reason: ReturnReason
    note: str = ""
    lot: Lot | None = None
    unit_price: Decimal | None = None  # a return without origin only: the price to credit
    photos: Sequence = field(default_factory=tuple)  # uploaded image files


@dataclass(frozen=True)
class ReplacementData:
    product: Product
    quantity: Decimal
    unit_price: Decimal | None = None  # None: the customer's list price


@dataclass(frozen=True)
class MatchedLine:
    delivery_line: DeliveryLine
    quantity: Decimal
    data: RequestLineData


def _check_quantity(product: Product, quantity: Decimal) -> None:
    if quantity is None or quantity <= 0:
        raise DomainError(_("Enter a quantity greater than zero for %(product)s.") % {"product": product})
    if not product.unit.is_fractional and quantity != quantity.to_integral_value():
        raise DomainError(
            _("%(product)s is counted in whole %(unit)s.") % {"product": product, "unit": product.unit}
        )


def return_lines_match(
    *,
    customer: Customer,
    lines: Sequence[RequestLineData],
    order: SalesOrder | None = None,
    lock_rows: bool = False,
    exclude_request: ReturnRequest | None = None,
) -> list[MatchedLine]:
    """Match each line to the customer's shipped delivery lines of the product (and lot), oldest first,
    across orders; refuse a line that asks for more than can still come back.

    With ``lock_rows`` the candidate delivery lines are locked (ordered by primary key) before the
    returnable quantities are read, so the answer holds until the caller's transaction ends.
    """
    for data in lines:
        _check_quantity(data.product, data.quantity)
    product_ids = sorted({data.product.pk for data in lines})
    order_id = order.pk if order is not None else None
    if lock_rows:
        candidate_ids = list(
            returnable_delivery_lines(customer_id=customer.pk, product_ids=product_ids, order_id=order_id)
            .order_by()
            .values_list("pk", flat=True)
        )
        list(
            DeliveryLine.objects.select_for_update(of=("self",))
            .filter(pk__in=candidate_ids)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
    candidates = list(
        returnable_delivery_lines(customer_id=customer.pk, product_ids=product_ids, order_id=order_id)
    )
    if exclude_request is not None:  # a request being submitted again counts its own lines as its own
        own: dict[int, Decimal] = defaultdict(Decimal)
        for line in exclude_request.lines.exclude(delivery_line=None):
            own[line.delivery_line_id] += line.quantity
        for candidate in candidates:
            candidate.returnable += own.get(candidate.pk, ZERO)
    taken: dict[int, Decimal] = defaultdict(Decimal)
    matched = []
    for data in lines:
        pool = [
            c
            for c in candidates
            if c.product_id == data.product.pk and (data.lot is None or c.lot_id == data.lot.pk)
        ]
        available = sum((c.returnable - taken[c.pk] for c in pool), ZERO)
        if data.quantity > available:
            where = _(" on %(order)s") % {"order": order.number} if order is not None else ""
            raise ReturnRefusedError(
                _(
                    "%(product)s: %(available)s can still be returned%(where)s (shipped less what was "
                    "returned or requested already), not %(quantity)s."
                )
                % {
                    "product": data.product,
                    "available": quantity_text(max(available, ZERO)),
                    "where": where,
                    "quantity": quantity_text(data.quantity),
                }
            )
        remaining = data.quantity
        for candidate in pool:
            free = candidate.returnable - taken[candidate.pk]
            take = min(free, remaining)
            if take <= 0:
                continue
            taken[candidate.pk] += take
            matched.append(MatchedLine(candidate, take, data))
            remaining -= take
            if remaining == 0:
                break
    return matched


def _policy_flag(*, product: Product, shipped_on, policy: ReturnPolicy, today) -> str:
    flags = []
    rule = ProductReturnPolicy.objects.filter(product=product).first()
    if rule is not None and not rule.returnable:
        flags.append(_("%(product)s is marked not returnable.") % {"product": product})
    if shipped_on is not None and shipped_on + timedelta(days=policy.window_days) < today:
        flags.append(
            _("%(product)s was delivered on %(date)s, outside the %(days)s-day return window.")
            % {"product": product, "date": shipped_on.isoformat(), "days": policy.window_days}
        )
    return " ".join(flags)


def _photos_save(line: ReturnLine, photos, by) -> None:
    for upload in photos:
        photo_validate(upload)
        ReturnPhoto.objects.create(line=line, image=upload, uploaded_by=by)


def return_request_create(
    *,
    customer: Customer,
    lines: Sequence[RequestLineData],
    by,
    kind: str = ReturnKind.RETURN,
    order: SalesOrder | None = None,
    without_origin: bool = False,
    warehouse: Warehouse | None = None,
    replacements: Sequence[ReplacementData] = (),
    backorder_choice: str = BackorderChoice.WAIT,
    note: str = "",
    source: str = RequestSource.STAFF,
    contact_name: str = "",
    contact_email: str = "",
    contact_phone: str = "",
) -> ReturnRequest:
    """A draft request. Each line is matched to delivery lines (one request line per delivery line it
    takes from) under a lock; a request outside the policy is flagged for the approver."""
    if not lines:
        raise DomainError(_("Add at least one product that comes back."))
    if not all(data.reason.is_active for data in lines):
        raise DomainError(_("Choose a reason from the list for every line."))
    if kind == ReturnKind.EXCHANGE and not replacements:
        raise DomainError(_("An exchange needs at least one replacement line."))
    if kind != ReturnKind.EXCHANGE and replacements:
        raise DomainError(_("Only an exchange has replacement lines."))
    if without_origin:
        if source == RequestSource.STAFF and not by.has_perm("returns.create_without_origin"):
            raise DomainError(_("You are not allowed to create a return without an origin order."))
        if warehouse is None:
            raise DomainError(_("Choose the warehouse the goods come back to."), field="warehouse")
        for data in lines:
            _check_quantity(data.product, data.quantity)
            if data.unit_price is None or data.unit_price < 0:
                raise DomainError(_("Enter the price to credit for %(product)s.") % {"product": data.product})
    for data in replacements:
        _check_quantity(data.product, data.quantity)
    policy = ReturnPolicy.current()
    today = timezone.localdate()
    with transaction.atomic():
        matched = (
            []
            if without_origin
            else return_lines_match(customer=customer, lines=lines, order=order, lock_rows=True)
        )
        if warehouse is None:
            warehouse = matched[0].delivery_line.delivery.warehouse
        request = ReturnRequest.objects.create(
            number=document_number_next(prefix=ReturnRequest.number_prefix),
            customer=customer,
            kind=kind,
            source=source,
            order=order,
            without_origin=without_origin,
            warehouse=warehouse,
            contact_name=contact_name or customer.contact_name or customer.name,
            contact_email=contact_email or customer.email,
            contact_phone=contact_phone or customer.phone,
            language=customer.language,
            note=note,
            backorder_choice=backorder_choice,
            replacement_status=ReplacementStatus.WAITING if kind == ReturnKind.EXCHANGE else "",
            created_by=by,
        )
        made: list[tuple[ReturnLine, RequestLineData]] = []
        if without_origin:
            for data in lines:
                made.append(
                    (
                        ReturnLine(
                            request=request,
                            product=data.product,
                            lot=data.lot,
                            quantity=data.quantity,
                            unit_price=data.unit_price,
                            unit_cost=data.product.purchase_price,
                            reason=data.reason,
                            restocking_fee_percent=data.reason.restocking_fee_percent,
                            note=data.note,
                            policy_flag=_policy_flag(
                                product=data.product, shipped_on=None, policy=policy, today=today
                            ),
                        ),
                        data,
                    )
                )
        else:
            for match in matched:
                shipped = match.delivery_line
                made.append(
                    (
                        ReturnLine(
                            request=request,
                            product=shipped.product,
                            delivery_line=shipped,
                            lot_id=shipped.lot_id,
                            quantity=match.quantity,
                            unit_price=shipped.order_line.net_unit_price,
                            unit_cost=shipped.unit_cost,
                            reason=match.data.reason,
                            restocking_fee_percent=match.data.reason.restocking_fee_percent,
                            note=match.data.note,
                            policy_flag=_policy_flag(
                                product=shipped.product,
                                shipped_on=shipped.delivery.date,
                                policy=policy,
                                today=today,
                            ),
                        ),
                        match.data,
                    )
                )
        saved = ReturnLine.objects.bulk_create([line for line, _data in made])
        photos_done = set()
        for line, (_unsaved, data) in zip(saved, made, strict=True):
            if id(data) not in photos_done and data.photos:  # photos go on the first line of the product
                _photos_save(line, data.photos, by)
                photos_done.add(id(data))
        price_type = price_type_for(customer)
        replacement_rows = []
        for data in replacements:
            price = data.unit_price if data.unit_price is not None else list_price(data.product, price_type)
            replacement_rows.append(
                ReplacementLine(
                    request=request,
                    product=data.product,
                    quantity=data.quantity,
                    unit_price=price,
                    amount=(data.quantity * price).quantize(Decimal("0.01")),
                )
            )
        ReplacementLine.objects.bulk_create(replacement_rows)
        request.amount = sum((line.requested_amount for line in saved), ZERO)
        request.replacement_total = sum((row.amount for row in replacement_rows), ZERO)
        request.policy_flags = "\n".join(
            dict.fromkeys(line.policy_flag for line in saved if line.policy_flag)
        )
        request.save(update_fields=["amount", "replacement_total", "policy_flags"])
    return request


def _check_still_returnable(request: ReturnRequest) -> None:
    """Quantities again, under the lock of the delivery lines: a counter return may have taken units
    since the draft was saved. The request's own lines already count in ``held``."""
    own: dict[int, Decimal] = defaultdict(Decimal)
    for line in request.lines.exclude(delivery_line=None):
        own[line.delivery_line_id] += line.quantity
    list(
        DeliveryLine.objects.select_for_update(of=("self",))
        .filter(pk__in=sorted(own))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for shipped in returnable_delivery_lines(customer_id=request.customer_id).filter(pk__in=list(own)):
        if shipped.returnable < 0:
            raise ReturnRefusedError(
                _("%(product)s: %(available)s can still be returned from %(delivery)s, not %(quantity)s.")
                % {
                    "product": shipped.product,
                    "available": quantity_text(max(shipped.returnable + own[shipped.pk], ZERO)),
                    "delivery": shipped.delivery.number,
                    "quantity": quantity_text(own[shipped.pk]),
                }
            )


def return_request_submit(*, request: ReturnRequest, by, comment: str = "") -> ReturnRequest:
    """Send the request to the approvers (the customer hears it was received); within the policy and up
    to the automatic approval limit it is approved at once."""
    with transaction.atomic():
        request = lock(request)
        if not request.lines.exists():
            raise DomainError(_("Add at least one line before submitting."))
        if not request.without_origin:
            _check_still_returnable(request)
        document_transition(request, request.submit, by=by, comment=comment)
        customer_tell(request, "return_received")
        policy = ReturnPolicy.current()
        if (
            not request.policy_flags
            and policy.auto_approve_limit > 0
            and request.amount <= policy.auto_approve_limit
        ):
            _approve(
                request, by=by, approver=None, comment=_("Approved automatically: within the return policy.")
            )
        else:
            notify_approvers(
                document_label=str(ReturnRequest._meta.verbose_name),
                number=request.number,
                url=request.get_absolute_url(),
                permission="returns.approve_returnrequest",
                exclude_user=by,
            )
    return request


def replacement_reserve(request: ReturnRequest) -> bool:
    """Hold every replacement line in the request's warehouse; False (nothing held) when one is short."""
    try:
        lines = request.replacements.select_related("product").order_by("product_id", "id")
        stock_reserve_lines(
            warehouse=request.warehouse,
            document=request,
            lines=[ReserveSpec(line.product, line.quantity, line.pk) for line in lines],
        )
    except InsufficientStockError:
        return False
    return True


def _approve(request: ReturnRequest, *, by, approver, comment: str = "") -> None:
    check_permission = approver is not None
    document_transition(
        request,
        request.approve,
        by=by,
        comment=comment,
        check_permission=check_permission,
        approver=approver,
        at=timezone.now(),
    )
    if request.is_exchange:
        if replacement_reserve(request):
            request.replacement_status = ReplacementStatus.RESERVED
        elif request.backorder_choice == BackorderChoice.REFUND:
            request.replacement_status = ReplacementStatus.REFUNDED
        else:
            request.replacement_status = ReplacementStatus.BACKORDERED
        request.save(update_fields=["replacement_status"])
    customer_tell(request, "return_approved")
    webhook_tell(request, WebhookEvent.RETURN_APPROVED)


def return_request_approve(*, request: ReturnRequest, by, comment: str = "") -> ReturnRequest:
    """An approver accepts the request; an exchange reserves its replacement (or waits for it, or turns
    into a refund, as the customer chose). Above the large amount only some approvers may decide."""
    with transaction.atomic():
        request = lock(request)
        refuse_own(request, by)
        policy = ReturnPolicy.current()
        if (
            policy.has_large_limit
            and request.amount > policy.large_amount_limit
            and not by.has_perm("returns.approve_large_returnrequest")
        ):
            raise DomainError(
                _("%(number)s comes to %(amount)s, above %(limit)s: ask an approver of large returns.")
                % {"number": request.number, "amount": request.amount, "limit": policy.large_amount_limit}
            )
        _approve(request, by=by, approver=by, comment=comment)
    return request


def return_request_reject(*, request: ReturnRequest, by, reason: str) -> ReturnRequest:
    """Refuse the request; the reason is told to the customer."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give a reason for the rejection: the customer sees it."), field="reason")
    with transaction.atomic():
        request = lock(request)
        refuse_own(request, by)
        document_transition(request, request.reject, by=by, comment=reason, reason=reason)
        customer_tell(request, "return_rejected", reason=reason)
        webhook_tell(request, WebhookEvent.RETURN_REJECTED, reason=reason)
    return request


def return_request_cancel(*, request: ReturnRequest, by, comment: str = "") -> ReturnRequest:
    """Possible until the goods are received; what the request holds (units, a replacement) is freed."""
    with transaction.atomic():
        request = lock(request)
        if request.replacement_status == ReplacementStatus.SHIPPED:
            raise DomainError(
                _("%(number)s: the replacement has shipped; receive the goods instead of cancelling.")
                % {"number": request.number}
            )
        document_transition(request, request.cancel, by=by, comment=comment)
        stock_release(document=request)
        if request.is_exchange and request.replacement_status != ReplacementStatus.SHIPPED:
            request.replacement_status = ""
            request.save(update_fields=["replacement_status"])
    return request


# The customer sends the goods once the request is in; on receipt the warehouse confirms what came.
RETURN_TRACKING_STATUSES = (ReturnStatus.SUBMITTED, ReturnStatus.APPROVED)


def return_tracking_post(
    *, request: ReturnRequest, tracking_number: str, by, carrier: str = ""
) -> ReturnRequest:
    """The tracking number of the customer's return shipment, noted on the request's timeline."""
    carrier, tracking_number = tracking_clean(carrier, tracking_number)
    with transaction.atomic():
        request = lock(request)
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
