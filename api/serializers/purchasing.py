from rest_framework import serializers

from purchasing.models import PurchaseOrder, PurchaseOrderLine


class PurchaseOrderLineSerializer(serializers.ModelSerializer):
    sku = serializers.CharField(source="product.sku")
    name = serializers.CharField(source="product.name")

    class Meta:
        model = PurchaseOrderLine
        fields = [
            "sku",
            "name",
            "quantity",
            "unit_price",
            "amount",
            "expected_date",
            "received_quantity",
            "accepted_quantity",
            "rejected_quantity",
        ]
        read_only_fields = fields


class PurchaseOrderSerializer(serializers.ModelSerializer):
    supplier = serializers.CharField(source="supplier.code")
    warehouse = serializers.CharField(source="warehouse.code")
    status_display = serializers.CharField(source="get_status_display")
    lines = PurchaseOrderLineSerializer(many=True)

    class Meta:
        model = PurchaseOrder
        fields = [
            "number",
            "supplier",
            "warehouse",
            "order_date",
            "expected_date",
            "status",
            "status_display",
            "reject_reason",
            "total",
            "note",
            "created_at",
            "lines",
        ]
        read_only_fields = fields
