"""Where the outbox meets the webhook subscriptions.

Subscriptions, their secrets and the delivery log belong to the ``webhooks`` app (``api/webhooks/``),
which depends on every domain app's services. Domain services must not import it, so they call
``common.notifications.webhook_event_emit`` and the ``webhooks`` app registers its backend here when it
loads. Without a registered backend nobody subscribes and no webhook is written.
"""

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class WebhookTarget:
    subscription_id: int
    url: str


class WebhookBackend(Protocol):
    def subscribers(self, *, event: str) -> list[WebhookTarget]:
        """The active subscriptions to ``event``."""

    def send(self, notification) -> None:
        """POST the row's body to its subscription, signed, and log the attempt; raise on failure."""


_backend: WebhookBackend | None = None


def webhook_backend_register(backend: WebhookBackend | None) -> None:
    global _backend
    _backend = backend


def webhook_backend() -> WebhookBackend | None:
    return _backend
