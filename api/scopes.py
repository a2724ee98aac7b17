"""What an API token may do. A view names the scope each of its methods needs (``api.permissions``)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    STOCK_READ = "stock:read", _("Read products and stock")
    ORDERS_READ = "orders:read", _("Read customers and sales orders")
    ORDERS_WRITE = "orders:write", _("Create customers and sales orders")
    RETURNS_READ = "returns:read", _("Read return requests and refunds")
    RETURNS_WRITE = "returns:write", _("Create return requests")
    SHIPMENTS_WRITE = "shipments:write", _("Post tracking numbers of deliveries and return shipments")
    PURCHASING_READ = "purchasing:read", _("Read suppliers and purchase orders")
    REPORTS_READ = "reports:read", _("Read reports")
