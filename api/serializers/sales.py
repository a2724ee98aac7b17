from django.utils import timezone
from rest_framework import serializers

from api.serializers.fields import QUANTITY_MIN, CodeRelatedField, quantity, unit_price
from inventory.models import Product, Warehouse
from sales.models import Customer, Delivery, SalesOrder, SalesOrderLine


class SalesOrderLineSerializer(serializers.ModelSerializer):
    sku = serializers.CharField(source="product.sku")
    name = serializers.CharField(source="product.name")

    class Meta:
        model = SalesOrderLine
        fields = ["sku", "name", "quantity", "unit_price", "discount_percent", "amount", "shipped_quantity"]
        read_only_fields = fields


class DeliverySerializer(serializers.ModelSerializer):
    order = serializers.CharField(source="order.number")
    status_display = serializers.CharField(source="get_status_display")

    class Meta:
        model = Delivery
        fields = [
            "number",
            "order",
            "date",
            "status",
            "status_display",
            "carrier",
            "tracking_number",
            "shipped_at",
            "total",
        ]
        read_only_fields = fields


class SalesOrderSerializer(serializers.ModelSerializer):
    customer = serializers.CharField(source="customer.code")
    warehouse = serializers.CharField(source="warehouse.code")
    status_display = serializers.CharField(source="get_status_display")
    lines = SalesOrderLineSerializer(many=True)
    deliveries = DeliverySerializer(many=True)

    class Meta:
        model = SalesOrder
        fields = [
            "number",
            "customer",
            "warehouse",
            "order_date",
            "expected_date",
            "price_type",
            "status",
            "status_display",
            "approval_note",
            "reject_reason",
            "total",
            "note",
            "created_at",
            "lines",
            "deliveries",
        ]
        read_only_fields = fields


class OrderLineInputSerializer(serializers.Serializer):
    sku = CodeRelatedField(slug_field="sku", queryset=Product.objects.all(), source="product")
    quantity = quantity(min_value=QUANTITY_MIN)
    unit_price = unit_price(min_value=0, required=False, allow_null=True, help_text="Empty: the price list.")
    discount_percent = serializers.DecimalField(
        max_digits=5, decimal_places=2, min_value=0, max_value=100, required=False
    )


class SalesOrderCreateSerializer(serializers.Serializer):
    customer = CodeRelatedField(
        slug_field="code", queryset=Customer.objects.all(), help_text="The customer's code."
    )
    warehouse = CodeRelatedField(
        slug_field="code", queryset=Warehouse.objects.all(), help_text="The code of the warehouse that ships."
    )
    order_date = serializers.DateField(required=False, help_text="Today when left out.")
    expected_date = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    submit = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Submit at once: approved when within the credit limit and in stock, else it waits.",
    )
    lines = OrderLineInputSerializer(many=True, allow_empty=False, max_length=200)

    def validate(self, attrs):
        attrs.setdefault("order_date", timezone.localdate())
        return attrs


class TrackingInputSerializer(serializers.Serializer):
    carrier = serializers.CharField(max_length=100, required=False, allow_blank=True)
    tracking_number = serializers.CharField(max_length=100)
