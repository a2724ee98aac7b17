from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InventoryConfig(AppConfig):
    name = "inventory"
    verbose_name = _("Inventory")

    def ready(self):
        from common import approvals
        from inventory.approvals import opening_stock_pending

        approvals.register(opening_stock_pending)
