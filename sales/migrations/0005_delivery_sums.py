"""Deliveries keep their lines' sums, shipped and returned, so sales reports by customer, salesperson or
month sum one row per delivery; the shipped deliveries so far get theirs from their lines."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery, Sum


def sums_fill(apps, schema_editor):
    Delivery = apps.get_model("sales", "Delivery")
    DeliveryLine = apps.get_model("sales", "DeliveryLine")
    lines = DeliveryLine.objects.filter(delivery=OuterRef("pk")).order_by().values("delivery")

    def total(field):
        return Subquery(lines.annotate(total=Sum(field)).values("total"))

    Delivery.objects.filter(status="shipped").update(
        quantity_total=total("quantity"),
        returned_quantity=total("returned_quantity"),
        returned_total=total("returned_amount"),
        returned_cost_total=total("returned_cost"),
    )


class Migration(migrations.Migration):

    dependencies = [
        ('sales', '0004_list_order_indexes'),
        # Customer returns' refunds are on the delivery lines from here on.
        ('returns', '0006_delivery_lines_carry_returned_amounts'),
    ]

    operations = [
        migrations.AddField(
            model_name='delivery',
            name='quantity_total',
            field=models.DecimalField(decimal_places=3, default=0, max_digits=14, verbose_name='quantity'),
        ),
        migrations.AddField(
            model_name='delivery',
            name='returned_cost_total',
            field=models.DecimalField(decimal_places=2, default=0, max_digits=14, verbose_name='returned cost'),
        ),
        migrations.AddField(
            model_name='delivery',
            name='returned_quantity',
            field=models.DecimalField(decimal_places=3, default=0, max_digits=14, verbose_name='returned'),
        ),
        migrations.AddField(
            model_name='delivery',
            name='returned_total',
            field=models.DecimalField(decimal_places=2, default=0, max_digits=14, verbose_name='returned amount'),
        ),
        migrations.RunPython(sums_fill, migrations.RunPython.noop),
    ]
