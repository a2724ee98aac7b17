from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentSequence(models.Model):
    """The last number handed out per prefix and period; locked while a document takes the next."""

    prefix = models.CharField(max_length=10)
    period = models.CharField(max_length=6)
    last_value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["prefix", "period"], name="uniq_sequence_period")]

    def __str__(self):
        return f"{self.prefix}-{self.period}: {self.last_value}"


class Document(models.Model):
    """Base of every business document: a number, who created it and who approved it."""

    number_prefix = "DOC"

    number = models.CharField(_("number"), max_length=32, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.number

    # The values a document was read or created with, kept up to date by its saves, so that a transition
    # can log what it changed without reading the row again (``common.audit.audited_save``).

    def save(self, *args, **kwargs):
        adding = self._state.adding
        super().save(*args, **kwargs)
        if adding:
            self.loaded_values = {
                field.attname: getattr(self, field.attname) for field in self._meta.concrete_fields
            }
        elif hasattr(self, "loaded_values"):
            for name in kwargs.get("update_fields") or list(self.loaded_values):
                attname = self._meta.get_field(name).attname
                self.loaded_values[attname] = getattr(self, attname)

    @classmethod
    def from_db(cls, db, field_names, values):
        document = super().from_db(db, field_names, values)
        document.loaded_values = dict(zip(field_names, values, strict=True))
        return document

    def refresh_from_db(self, *args, **kwargs):
        super().refresh_from_db(*args, **kwargs)
        if hasattr(self, "loaded_values"):
            self.loaded_values = {name: getattr(self, name) for name in self.loaded_values}


class TransitionLog(models.Model):
    """One row per status change of any document: who, when, from, to, comment."""

    content_type = models.ForeignKey(ContentType, models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    document = GenericForeignKey("content_type", "object_id")
    document_number = models.CharField(_("document"), max_length=32)
    source = models.CharField(_("from"), max_length=32)
    target = models.CharField(_("to"), max_length=32)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("by"))
    at = models.DateTimeField(_("at"), auto_now_add=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("transition log")
        verbose_name_plural = _("transition logs")
        indexes = [models.Index(fields=["content_type", "object_id"])]
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.document_number}: {self.source} -> {self.target}"


# The notification outbox lives in its own package; importing it here registers it in this app.
from common.notifications.models import Notification  # noqa: E402, F401
