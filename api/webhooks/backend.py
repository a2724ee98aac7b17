"""Sending a webhook row of the notification outbox: look up its subscription, sign, POST, log.

Registered with ``common.notifications.webhooks`` when the app loads; the outbox's delivery service calls
``send`` with the row locked, counts the attempt and schedules the next one when ``send`` raises.
"""

import http.client
import time
import urllib.error
import urllib.request

from django.conf import settings
from django.utils import timezone

from api.webhooks.models import WebhookDelivery, WebhookSubscription
from api.webhooks.signing import webhook_signature_header
from common.notifications.webhooks import WebhookTarget

RESPONSE_EXCERPT_BYTES = 2000
USER_AGENT = "Jinxiaocun-Webhooks/1.0"


class WebhookSendError(Exception):
    """The receiver did not answer 2xx in time (or the subscription is gone); the outbox retries."""


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer other than 2xx: following it would re-send the POST as a GET elsewhere."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def _excerpt(response) -> str:
    try:
        return response.read(RESPONSE_EXCERPT_BYTES).decode("utf-8", "replace")
    except Exception:  # a body that breaks off is still an answer; its status is what counts
        return ""


class SubscriptionBackend:
    def subscribers(self, *, event: str) -> list[WebhookTarget]:
        # Few subscriptions, and JSON containment is not portable to SQLite: filter in Python.
        subscriptions = WebhookSubscription.objects.filter(is_active=True).order_by("pk")
        return [
            WebhookTarget(subscription_id=pk, url=url)
            for pk, url, events in subscriptions.values_list("pk", "target_url", "events")
            if event in events
        ]

    def send(self, notification) -> None:
        subscription = WebhookSubscription.objects.filter(pk=notification.webhook_subscription_id).first()
        if subscription is None:
            raise WebhookSendError("The webhook subscription no longer exists.")
        if not subscription.is_active:
            raise WebhookSendError("The webhook subscription is inactive.")
        body = notification.body.encode()
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": USER_AGENT,
            "X-Webhook-Id": str(notification.idempotency_key),
            "X-Webhook-Event": notification.kind,
            "X-Webhook-Attempt": str(notification.attempts),
            "X-Webhook-Signature": webhook_signature_header(secret=subscription.secret, body=body),
        }
        request = urllib.request.Request(subscription.target_url, data=body, headers=headers, method="POST")
        status, excerpt, error = None, "", ""
        sent_at = timezone.now()
        started = time.monotonic()
        try:
            with _opener.open(request, timeout=settings.WEBHOOK_TIMEOUT_SECONDS) as response:
                status, excerpt = response.status, _excerpt(response)
        except urllib.error.HTTPError as answer:  # the receiver answered, with a status other than 2xx
            status, excerpt = answer.code, _excerpt(answer)
            answer.close()
        except (urllib.error.URLError, http.client.HTTPException, OSError, ValueError) as exc:
            # refused, timed out, a broken answer, a bad address
            reason = getattr(exc, "reason", exc)
            error = f"{type(reason).__name__}: {reason}"
        duration_ms = round((time.monotonic() - started) * 1000)
        succeeded = status is not None and 200 <= status < 300
        if status is not None and not succeeded:
            error = f"HTTP {status}"
        WebhookDelivery.objects.create(
            subscription=subscription,
            notification=notification,
            event=notification.kind,
            webhook_id=notification.idempotency_key,
            attempt=notification.attempts,
            request_url=subscription.target_url,
            request_headers=headers,
            request_body=notification.body,
            response_status=status,
            response_body=excerpt,
            error=error[:2000],
            succeeded=succeeded,
            duration_ms=duration_ms,
            sent_at=sent_at,
        )
        if not succeeded:
            raise WebhookSendError(error)
