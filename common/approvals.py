"""Documents waiting for a user's decision, gathered from every app that registers a provider.

Each app registers, in its ``AppConfig.ready``, a function ``provider(user) -> list[PendingApproval]``.
The dashboard and the approval inbox read ``pending_approvals(user)``; nobody is offered a document
they created.

To be decided from the inbox, an app also registers a decider for the document type (the model label,
e.g. ``"purchasing.purchaseorder"``): the permission needed and two callables,
``approve(document_id=, by=)`` and ``reject(document_id=, by=, reason=)``, which call the app's services.
Those services own their transaction and refuse a document its creator tries to decide; the inbox checks
the permission again and never trusts what the page sent. Common imports no domain app.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from common.exceptions import DomainError


@dataclass(frozen=True)
class PendingApproval:
    kind: str
    number: str
    url: str
    created_by: str
    created_at: datetime
    amount: Decimal | None = None
    description: str = ""  # e.g. the supplier, shown beside the number in the inbox
    key: str = ""  # "app_label.model:pk", see approval_key(); empty when it cannot be decided in the inbox


@dataclass(frozen=True)
class Decider:
    permission: str
    approve: Callable
    reject: Callable


_providers: list[Callable] = []
_deciders: dict[str, Decider] = {}


def register(provider: Callable) -> Callable:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def register_decider(document_type: str, *, permission: str, approve: Callable, reject: Callable) -> None:
    _deciders[document_type] = Decider(permission=permission, approve=approve, reject=reject)


def approval_key(document) -> str:
    return f"{document._meta.label_lower}:{document.pk}"


def pending_approvals(user) -> list[PendingApproval]:
    items = [item for provider in _providers for item in provider(user)]
    return sorted(items, key=lambda item: item.created_at, reverse=True)


def decider_permissions() -> set[str]:
    """The permissions that let a user decide some document: who gets the inbox in the navigation."""
    return {decider.permission for decider in _deciders.values()}


def approval_decide(*, key: str, by, approve: bool, reason: str = ""):
    """Approve or reject one document by its key, in its own transaction; return the document.

    Raises ``DomainError`` with a readable message when the key is unknown, the user may not decide this
    type of document, or the app's service refuses (own document, wrong status, missing reason).
    """
    document_type, _sep, raw_id = key.partition(":")
    decider = _deciders.get(document_type)
    if decider is None or not raw_id.isdigit():
        raise DomainError(_("This document cannot be decided here."))
    if not by.has_perm(decider.permission):
        raise DomainError(_("You are not allowed to decide this document."))
    reason = reason.strip()
    with transaction.atomic():
        if approve:
            return decider.approve(document_id=int(raw_id), by=by)
        if not reason:
            raise DomainError(_("Give a reason for the rejection."), field="reason")
        return decider.reject(document_id=int(raw_id), by=by, reason=reason)
