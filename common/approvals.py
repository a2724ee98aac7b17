"""Documents waiting for a user's decision, gathered from every app that registers a provider.

Each app registers, in its ``AppConfig.ready``, a function ``provider(user) -> PendingSource | None``:
the documents of one type waiting for that user, as a query, and how a batch of them reads in the inbox.
The inbox and the dashboard read them through ``PendingList(user)``, a page (or the newest few) at a
time, ``pending_approvals(user)`` being the newest few as a list; nobody is offered a document they
created.

To be decided from the inbox, an app also registers a decider for the document type (the model label,
e.g. ``"purchasing.purchaseorder"``): the permission needed and two callables,
``approve(document_id=, by=)`` and ``reject(document_id=, by=, reason=)``, which call the app's services.
Those services own their transaction and refuse a document its creator tries to decide; the inbox checks
the permission again and never trusts what the page sent. Common imports no domain app.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.apps import apps
from django.db import transaction
from django.db.models import QuerySet
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
class PendingSource:
    """One type of document waiting for a user: the documents (filtered, in any order) and a function
    that turns a batch of them into inbox rows (one call per batch, so it can read more in one query)."""

    documents: QuerySet
    items: Callable[[Sequence], list[PendingApproval]]


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


class PendingList:
    """Every document waiting for a user, newest first, read only as far as a page reaches.

    Django's ``Paginator`` takes it as it takes a queryset: ``count()`` counts every type in one query,
    and a slice reads the newest documents of each type up to the slice's end and merges them.
    """

    def __init__(self, user):
        self.sources = [source for provider in _providers if (source := provider(user)) is not None]

    def count(self) -> int:
        """One query for every type: the ids of each, put together with UNION ALL, counted."""
        if not self.sources:
            return 0
        first, *others = [source.documents.order_by().values_list("pk") for source in self.sources]
        return first.union(*others, all=True).count() if others else first.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[PendingApproval]:
        items = []
        for source in self.sources:
            documents = source.documents.order_by("-created_at", "-pk")
            items += source.items(list(documents[: index.stop] if index.stop is not None else documents))
        items.sort(key=lambda item: item.created_at, reverse=True)
        return items[index]


def pending_approvals(user, *, limit: int = 10) -> list[PendingApproval]:
    """The newest documents waiting for ``user``'s decision."""
    return PendingList(user)[:limit]


def approval_number(key: str) -> str:
    """The document number behind a key, for messages; the key itself when there is no such document."""
    document_type, _sep, raw_id = key.partition(":")
    if document_type not in _deciders:
        return key
    model = apps.get_model(document_type)
    number = (
        model.objects.filter(pk=raw_id).values_list("number", flat=True).first() if raw_id.isdigit() else None
    )
    return number or key


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
