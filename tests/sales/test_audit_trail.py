"""A transition's audit row comes from the values the document was read with (no second read of the row):
it must say exactly what the transition changed, and who did it."""

from decimal import Decimal

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.db import transaction

from common.documents import document_transition
from sales import services
from sales.models import Delivery
from tests.sales.conftest import TODAY

pytestmark = pytest.mark.django_db


def _updates(document):
    return list(
        LogEntry.objects.get_for_object(document).filter(action=LogEntry.Action.UPDATE).order_by("pk")
    )


def test_shipping_logs_the_status_and_cost_it_changed_by_whom(approved_order, keeper):
    delivery = services.delivery_create(order=approved_order, by=keeper, date=TODAY)
    with set_actor(keeper):
        services.delivery_ship(delivery=delivery, by=keeper, tracking_number="SF123")

    (entry,) = _updates(delivery)
    assert entry.actor == keeper
    assert entry.changes_dict["status"] == ["draft", "shipped"]
    assert entry.changes_dict["tracking_number"] == ["", "SF123"]
    shipped = Delivery.objects.get(pk=delivery.pk)
    assert entry.changes_dict["cost_total"][1] == str(shipped.cost_total)
    assert "carrier" not in entry.changes_dict  # unchanged fields are not listed


def test_a_change_saved_before_the_transition_is_not_logged_again(approved_order, clerk):
    """The note saved on its own is one audit row; cancelling afterwards logs only the status."""
    order = type(approved_order).objects.get(pk=approved_order.pk)
    order.note = "Customer phoned"
    order.save(update_fields=["note"])
    with transaction.atomic():  # the same instance, as a service holding it would do
        document_transition(order, order.cancel, by=clerk, check_permission=False)

    *_submitted, note, cancel = _updates(order)
    assert note.changes_dict == {"note": ["", "Customer phoned"]}
    assert set(cancel.changes_dict) == {"status"}
    assert cancel.changes_dict["status"] == ["approved", "cancelled"]


def test_a_delivery_created_and_shipped_at_once_logs_its_creation_and_its_shipment(approved_order, keeper):
    delivery = services.delivery_create(order=approved_order, by=keeper, date=TODAY, ship=True)

    created = LogEntry.objects.get_for_object(delivery).get(action=LogEntry.Action.CREATE)
    assert created.changes_dict["status"][1] == "draft"
    (shipped,) = _updates(delivery)
    assert shipped.changes_dict["status"] == ["draft", "shipped"]
    assert Decimal(shipped.changes_dict["quantity_total"][1]) == Decimal("10")
