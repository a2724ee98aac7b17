from django.db import migrations

REASONS = [
    ("quality_defect", "Quality defect", "0", 10),
    ("wrong_item", "Wrong item sent", "0", 20),
    ("damaged_in_transit", "Damaged in transit", "0", 30),
    ("not_as_described", "Not as described", "0", 40),
    ("changed_mind", "Changed mind", "10", 50),
    ("other", "Other", "0", 90),
]


def reasons_add(apps, schema_editor):
    reason_model = apps.get_model("returns", "ReturnReason")
    for code, name, fee, order in REASONS:
        reason_model.objects.get_or_create(
            code=code, defaults={"name": name, "restocking_fee_percent": fee, "sort_order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("returns", "0001_initial")]

    operations = [migrations.RunPython(reasons_add, migrations.RunPython.noop)]
