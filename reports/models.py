from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from reports.choices import ImportStatus


class ReportPermission(models.Model):
    """Carries the permissions to see each family of reports; it has no table and no rows."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [
            ("view_stock_report", _("Can view stock reports")),
            ("view_purchase_report", _("Can view purchase reports")),
            ("view_sales_report", _("Can view sales reports")),
            ("view_return_report", _("Can view return reports")),
            ("view_finance_report", _("Can view receivable and payable reports")),
        ]

    def __str__(self):
        return str(self._meta.verbose_name)


class ImportJob(models.Model):
    """An uploaded file between its preview and its import, kept afterwards as a record of who imported
    what. The file lives in the database so that any web process can confirm it."""

    kind = models.CharField(_("kind"), max_length=30)
    file_name = models.CharField(_("file"), max_length=200)
    content = models.BinaryField(editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.PREVIEWED
    )
    outcome = models.JSONField(_("outcome"), default=dict, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("imported at"), null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.kind}: {self.file_name}"
