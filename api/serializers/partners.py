from rest_framework import serializers

from sales.models import Customer
from suppliers.models import Supplier

CUSTOMER_FIELDS = [
    "code",
    "name",
    "customer_type",
    "stage",
    "contact_name",
    "phone",
    "email",
    "address",
    "credit_limit",
    "payment_terms",
    "language",
    "note",
]


class CustomerSerializer(serializers.ModelSerializer):
    email = serializers.CharField(read_only=True)  # may be empty, so not "format: email"

    class Meta:
        model = Customer
        fields = ["id", *CUSTOMER_FIELDS, "is_active", "created_at"]
        read_only_fields = fields


class CustomerCreateSerializer(serializers.Serializer):
    """The fields of the customer screen; the screen's form validates them (``api.views.partners``)."""

    code = serializers.CharField(max_length=20)
    name = serializers.CharField(max_length=200)
    customer_type = serializers.ChoiceField(choices=Customer._meta.get_field("customer_type").choices)
    stage = serializers.ChoiceField(choices=Customer._meta.get_field("stage").choices, required=False)
    contact_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    address = serializers.CharField(max_length=200, required=False, allow_blank=True)
    credit_limit = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0, required=False)
    payment_terms = serializers.ChoiceField(
        choices=Customer._meta.get_field("payment_terms").choices, required=False
    )
    language = serializers.ChoiceField(choices=Customer._meta.get_field("language").choices, required=False)
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class SupplierSerializer(serializers.ModelSerializer):
    email = serializers.CharField(read_only=True)

    class Meta:
        model = Supplier
        fields = [
            "id",
            "code",
            "name",
            "contact_name",
            "phone",
            "email",
            "address",
            "payment_terms",
            "note",
            "is_active",
            "created_at",
        ]
        read_only_fields = fields
