"""Channel backends: one ``send(notification)`` interface for in-app messages, e-mail, SMS and webhooks.

A backend raises on failure; the delivery service records the attempt and the task retries.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils.module_loading import import_string

from common.notifications.choices import Channel
from common.notifications.webhooks import webhook_backend

logger = logging.getLogger(__name__)


class InAppChannel:
    """The row is the message: it shows in the recipient's list as soon as it is committed."""

    def send(self, notification) -> None:
        return None


class EmailChannel:
    """Django's e-mail backend (SMTP in production, console or file in the embedded default)."""

    def send(self, notification) -> None:
        body = notification.body
        if notification.url and notification.url not in body:
            body = f"{body}\n\n{notification.url}"
        domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "localhost"
        message = EmailMessage(
            subject=notification.subject,
            body=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[notification.address],
            # A stable Message-ID: should a crash ever make us send twice, mail servers and clients see
            # one message.
            headers={"Message-ID": f"<{notification.idempotency_key}@{domain}>"},
        )
        message.send(fail_silently=False)


class LoggingSmsBackend:
    """The default SMS backend: writes the message to the log instead of sending it."""

    def send_sms(self, *, phone: str, text: str, reference: str) -> None:
        logger.info("SMS to %s (ref %s): %s", phone, reference, text)


class SmsChannel:
    """Sends through ``settings.SMS_BACKEND`` (a dotted path to a class with ``send_sms``)."""

    def send(self, notification) -> None:
        backend = import_string(settings.SMS_BACKEND)()
        text = notification.body or notification.subject
        if notification.url:
            text = f"{text} {notification.url}"
        backend.send_sms(phone=notification.address, text=text, reference=str(notification.idempotency_key))


class WebhookChannel:
    """An HTTP POST of the row's JSON body to its subscription, signed with the subscription's secret;
    the ``webhooks`` app's backend sends it and logs the attempt with the response."""

    def send(self, notification) -> None:
        backend = webhook_backend()
        if backend is None:
            raise RuntimeError("No webhook backend is registered (is the webhooks app installed?).")
        backend.send(notification)


CHANNELS = {
    Channel.INAPP: InAppChannel,
    Channel.EMAIL: EmailChannel,
    Channel.SMS: SmsChannel,
    Channel.WEBHOOK: WebhookChannel,
}


def channel_for(channel: str):
    return CHANNELS[channel]()
