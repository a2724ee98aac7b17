from rest_framework import serializers

from api.serializers.fields import QUANTITY_MIN, CodeRelatedField, quantity
from inventory.models import Product
from returns.models import Refund, ReturnLine, ReturnReason, ReturnRequest
from sales.models import SalesOrder


class ReturnLineSerializer(serializers.ModelSerializer):
    sku = serializers.CharField(source="product.sku")
    name = serializers.CharField(source="product.name")
    reason = serializers.CharField(source="reason.code")
    condition_display = serializers.CharField(source="get_condition_display")

    class Meta:
        model = ReturnLine
        fields = [
            "sku",
            "name",
            "quantity",
            "unit_price",
            "reason",
            "note",
            "received_quantity",
            "accepted_quantity",
            "condition",
            "condition_display",
            "refund_amount",
        ]
        read_only_fields = fields


class RefundSerializer(serializers.ModelSerializer):
    status_display = serializers.CharField(source="get_status_display")

    class Meta:
        model = Refund
        fields = ["number", "status", "status_display", "amount", "method", "paid_on"]
        read_only_fields = fields


class ReturnRequestSerializer(serializers.ModelSerializer):
    order = serializers.CharField(source="order.number", allow_null=True, default=None)
    customer = serializers.CharField(source="customer.code")
    status_display = serializers.CharField(source="get_status_display")
    lines = ReturnLineSerializer(many=True)
    refund = serializers.SerializerMethodField()

    class Meta:
        model = ReturnRequest
        fields = [
            "number",
            "order",
            "customer",
            "kind",
            "source",
            "status",
            "status_display",
            "reject_reason",
            "amount",
            "credit",
            "carrier",
            "tracking_number",
            "note",
            "created_at",
            "lines",
            "refund",
        ]
        read_only_fields = fields

    def get_refund(self, request) -> RefundSerializer(allow_null=True):
        try:
            return RefundSerializer(request.refund).data
        except Refund.DoesNotExist:
            return None


class ReturnLineInputSerializer(serializers.Serializer):
    sku = CodeRelatedField(slug_field="sku", queryset=Product.objects.all(), source="product")
    quantity = quantity(min_value=QUANTITY_MIN)
    reason = CodeRelatedField(
        slug_field="code",
        queryset=ReturnReason.objects.filter(is_active=True),
        help_text="The code of a return reason (admin: return reasons).",
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=300)


class ReturnRequestCreateSerializer(serializers.Serializer):
    order = CodeRelatedField(
        slug_field="number",
        queryset=SalesOrder.objects.all(),
        help_text="The sales order number the goods were sold on (e.g. SO-202611-0007).",
    )
    lines = ReturnLineInputSerializer(many=True, allow_empty=False, max_length=100)
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    contact_name = serializers.CharField(required=False, allow_blank=True, max_length=100)
    contact_email = serializers.EmailField(required=False, allow_blank=True)
    contact_phone = serializers.CharField(required=False, allow_blank=True, max_length=40)
    submit = serializers.BooleanField(
        required=False, default=True, help_text="Submit at once (the default), as the customer form does."
    )
