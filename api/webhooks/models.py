import secrets

from django.conf import settings
from django.core.validators import URLValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from common.notifications.choices import WebhookEvent


def webhook_secret_new() -> str:
    return secrets.token_hex(32)


class WebhookSubscription(models.Model):
    """An integration's endpoint and the events it wants; every delivery is signed with ``secret``."""

    name = models.CharField(_("name"), max_length=100)
    target_url = models.CharField(
        _("target URL"),
        max_length=500,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text=_("The address that receives an HTTP POST with a JSON body for every event."),
    )
    secret = models.CharField(_("signing secret"), max_length=64, default=webhook_secret_new)
    events = models.JSONField(_("events"), default=list, help_text=_("Event names, e.g. return.approved."))
    is_active = models.BooleanField(_("active"), default=True)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("webhook subscription")
        verbose_name_plural = _("webhook subscriptions")
        ordering = ["name", "id"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("webhooks:subscription-detail", args=[self.pk])

    def event_labels(self) -> list[str]:
        labels = dict(WebhookEvent.choices)
        return [str(labels.get(event, event)) for event in self.events]

    def events_text(self) -> str:
        return ", ".join(self.events)

    def last_answer(self) -> str:
        """The status of the last attempt, from ``selectors.subscriptions_list``'s annotations."""
        if getattr(self, "last_sent_at", None) is None:
            return ""
        if self.last_status is None:
            return gettext("no answer")
        return f"HTTP {self.last_status}"


class WebhookDelivery(models.Model):
    """One attempt to deliver one outbox row: what was sent and what the receiver answered."""

    subscription = models.ForeignKey(
        WebhookSubscription, models.CASCADE, related_name="deliveries", verbose_name=_("subscription")
    )
    notification = models.ForeignKey(
        "common.Notification",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="webhook_deliveries",
        verbose_name=_("outbox row"),
    )
    event = models.CharField(_("event"), max_length=50)
    webhook_id = models.UUIDField(_("webhook id"))
    attempt = models.PositiveSmallIntegerField(_("attempt"))
    request_url = models.CharField(_("URL"), max_length=500)
    request_headers = models.JSONField(_("request headers"), default=dict)
    request_body = models.TextField(_("request body"))
    response_status = models.PositiveSmallIntegerField(_("response status"), null=True, blank=True)
    response_body = models.TextField(_("response body (excerpt)"), blank=True)
    error = models.TextField(_("error"), blank=True)
    succeeded = models.BooleanField(_("succeeded"), default=False)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"))
    sent_at = models.DateTimeField(_("sent at"))

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-sent_at", "-id"]
        indexes = [models.Index(fields=["subscription", "-sent_at"], name="webhook_delivery_log")]

    def __str__(self):
        return f"{self.event} #{self.attempt}"

    def get_absolute_url(self):
        return reverse("webhooks:delivery-detail", args=[self.pk])
