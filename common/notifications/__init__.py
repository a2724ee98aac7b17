"""Notifications: an outbox of in-app messages, e-mails and SMS, delivered by Celery tasks.

Call these from a service, inside its transaction::

    from common.notifications import notify_permission_holders

    notify_permission_holders(
        permission="inventory.view_stockbalance",
        kind="low_stock",
        subject=gettext("Low stock: %(product)s") % {"product": product},
        body=...,
        url=product.get_absolute_url(),
    )
"""

import importlib

__all__ = [
    "CUSTOMER_TEMPLATES",
    "customer_message_render",
    "notify_approvers",
    "notify_customer",
    "notify_permission_holders",
    "notify_users",
    "permission_holders",
    "webhook_event_emit",
]


def __getattr__(name):
    # Re-exported lazily: this package is imported while apps load (the model, the app config's
    # post_migrate hook), before the services, which need loaded apps, can be imported.
    if name in __all__:
        return getattr(importlib.import_module("common.notifications.services"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
