from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ReturnsConfig(AppConfig):
    name = "returns"
    verbose_name = _("Returns")

    def ready(self):
        from returns import approvals, panels
        from returns.schedules import overdue_schedule_ensure

        approvals.register()
        panels.register()
        # The hourly overdue-step scan, created once and then left to the admin.
        post_migrate.connect(overdue_schedule_ensure, sender=self, dispatch_uid="returns.overdue_schedule")
