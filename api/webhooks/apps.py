from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    name = "api.webhooks"
    label = "webhooks"
    verbose_name = _("Webhooks")

    def ready(self):
        from api.webhooks.backend import SubscriptionBackend
        from common.notifications.webhooks import webhook_backend_register

        webhook_backend_register(SubscriptionBackend())
