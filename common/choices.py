from django.db import models
from django.utils.translation import gettext_lazy as _


class PaymentTerms(models.TextChoices):
    CASH = "cash", _("Cash on delivery")
    NET_15 = "net15", _("Net 15 days")
    NET_30 = "net30", _("Net 30 days")
    NET_60 = "net60", _("Net 60 days")
    MONTHLY = "monthly", _("Monthly statement")
