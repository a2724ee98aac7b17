"""Accepted customer returns now add their refund and cost to the delivery line they undo (as they already
added their quantity), so sales reports read one row instead of summing the returns per line."""

from decimal import Decimal

from django.db import migrations
from django.db.models import DecimalField, F, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Round

ACCEPTED = ["inspected", "completed"]
MONEY = DecimalField(max_digits=14, decimal_places=2)


def _carry(apps, sign):
    ReturnLine = apps.get_model("returns", "ReturnLine")
    DeliveryLine = apps.get_model("sales", "DeliveryLine")
    accepted = (
        ReturnLine.objects.filter(
            request__status__in=ACCEPTED, accepted_quantity__gt=0, delivery_line=OuterRef("pk")
        )
        .order_by()
        .values("delivery_line")
    )

    def total(expression):
        rows = accepted.annotate(total=Sum(expression)).values("total")
        return Coalesce(Subquery(rows, output_field=MONEY), Value(Decimal("0")), output_field=MONEY)

    DeliveryLine.objects.filter(
        pk__in=ReturnLine.objects.filter(request__status__in=ACCEPTED, accepted_quantity__gt=0).values(
            "delivery_line"
        )
    ).update(
        returned_amount=F("returned_amount") + sign * total("refund_amount"),
        returned_cost=F("returned_cost") + sign * total(Round(F("accepted_quantity") * F("unit_cost"), 2)),
    )


def carry(apps, schema_editor):
    _carry(apps, 1)


def take_back(apps, schema_editor):
    """Migrating back leaves the counter returns alone on the line, as before."""
    _carry(apps, -1)


class Migration(migrations.Migration):
    dependencies = [
        ("returns", "0005_list_order_index"),
        ("sales", "0004_list_order_indexes"),
    ]

    operations = [migrations.RunPython(carry, take_back)]
