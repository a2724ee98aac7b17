from rest_framework import serializers

from api.serializers.fields import quantity
from inventory.models import Product


class ProductSerializer(serializers.ModelSerializer):
    category = serializers.CharField(source="category.name", read_only=True)
    unit = serializers.CharField(source="unit.code", read_only=True)
    on_hand = quantity(source="stock_on_hand", read_only=True)
    reserved = quantity(source="stock_reserved", read_only=True)
    available = quantity(source="stock_available", read_only=True)

    class Meta:
        model = Product
        fields = [
            "id",
            "sku",
            "barcode",
            "name",
            "specification",
            "category",
            "unit",
            "sale_price",
            "wholesale_price",
            "is_active",
            "on_hand",
            "reserved",
            "available",
        ]
        read_only_fields = fields


class StockRowSerializer(serializers.Serializer):
    """One product in one warehouse: goods in transit are not counted."""

    product_id = serializers.IntegerField()
    sku = serializers.CharField(source="product__sku")
    name = serializers.CharField(source="product__name")
    warehouse = serializers.CharField(source="location__warehouse__code")
    warehouse_name = serializers.CharField(source="location__warehouse__name")
    on_hand = quantity(source="total_on_hand")
    reserved = quantity(source="total_reserved")
    available = quantity(source="total_available")
