"""The notification outbox: one row per message per channel, written in the transaction of the change
it reports. Registered in the ``common`` app (``common/models.py`` imports this module)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from common.notifications.choices import Channel, NotificationStatus


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    recipient_name = models.CharField(_("recipient name"), max_length=200, blank=True)
    address = models.CharField(
        _("address"), max_length=254, blank=True, help_text=_("E-mail address or phone number.")
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    kind = models.CharField(_("kind"), max_length=50)
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("body"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=NotificationStatus.choices, default=NotificationStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    # After a failed send the sweep leaves the row alone until then (exponential back-off).
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    # Travels with the message (e-mail Message-ID, SMS reference) so a receiver can drop a duplicate.
    idempotency_key = models.UUIDField(_("idempotency key"), default=uuid.uuid4, unique=True, editable=False)
    # A webhook row's subscription (in the ``webhooks`` app, which depends on this one, hence no foreign
    # key): its URL and secret are read when the row is sent, so an edited URL or a new secret applies.
    webhook_subscription_id = models.PositiveBigIntegerField(
        _("webhook subscription"), null=True, blank=True, db_index=True
    )

    class Meta:
        app_label = "common"
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "channel", "read_at"], name="notification_inbox"),
            models.Index(fields=["status", "created_at"], name="notification_outbox"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(channel="inapp") | models.Q(recipient__isnull=False),
                name="notification_inapp_has_recipient",
            ),
            models.CheckConstraint(
                condition=~models.Q(channel="webhook") | models.Q(webhook_subscription_id__isnull=False),
                name="notification_webhook_has_subscription",
            ),
        ]

    def __str__(self):
        return f"{self.get_channel_display()}: {self.subject}"

    @property
    def is_unread(self) -> bool:
        return self.read_at is None
