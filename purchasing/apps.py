from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PurchasingConfig(AppConfig):
    name = "purchasing"
    verbose_name = _("Purchasing")

    def ready(self):
        from purchasing import approvals, panels
        from purchasing.schedules import replenishment_schedule_ensure

        approvals.register()
        panels.register()
        # The nightly replenishment run, created once and then left to the admin.
        post_migrate.connect(
            replenishment_schedule_ensure, sender=self, dispatch_uid="purchasing.replenishment_schedule"
        )
