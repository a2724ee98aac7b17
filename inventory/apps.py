from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class InventoryConfig(AppConfig):
    name = "inventory"
    verbose_name = _("Inventory")

    def ready(self):
        from inventory import approvals
        from inventory.schedules import low_stock_schedule_ensure

        approvals.register()
        # The hourly low-stock scan, created once and then left to the admin.
        post_migrate.connect(
            low_stock_schedule_ensure, sender=self, dispatch_uid="inventory.low_stock_schedule"
        )
