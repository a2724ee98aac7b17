from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from common.notifications.schedules import sweep_schedule_ensure


class CommonConfig(AppConfig):
    name = "common"
    verbose_name = _("Common")

    def ready(self):
        # Keeps groups in step with permissions that later migrations add.
        post_migrate.connect(_roles_sync, sender=self, dispatch_uid="common.roles_sync")
        # The notification sweep's schedule, editable in the admin once it exists.
        post_migrate.connect(sweep_schedule_ensure, sender=self, dispatch_uid="common.notification_sweep")
        # The audit trail (操作日志) of master data and documents.
        from common.audit import audit_register

        audit_register()


def _roles_sync(**kwargs):
    from common.roles import roles_sync

    roles_sync()
