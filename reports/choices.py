from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportStatus(models.TextChoices):
    PREVIEWED = "previewed", _("Previewed")
    IMPORTED = "imported", _("Imported")
    REFUSED = "refused", _("Refused")


class RowStatus(models.TextChoices):
    NEW = "new", _("New")
    UPDATE = "update", _("Update")
    SKIP = "skip", _("Unchanged")
    ERROR = "error", _("Error")
