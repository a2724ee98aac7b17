"""Documents waiting for a user's decision, gathered from every app that registers a provider.

Each app registers, in its ``AppConfig.ready``, a function ``provider(user) -> list[PendingApproval]``.
The dashboard and the approval inbox read ``pending_approvals(user)``; nobody is offered a document
they created.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal


@dataclass(frozen=True)
class PendingApproval:
    kind: str
    number: str
    url: str
    created_by: str
    created_at: datetime
    amount: Decimal | None = None


_providers: list[Callable] = []


def register(provider: Callable) -> Callable:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def pending_approvals(user) -> list[PendingApproval]:
    items = [item for provider in _providers for item in provider(user)]
    return sorted(items, key=lambda item: item.created_at, reverse=True)
