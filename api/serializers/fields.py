from decimal import Decimal

from rest_framework import serializers

QUANTITY_MIN = Decimal("0.001")


def quantity(**kwargs):
    return serializers.DecimalField(max_digits=14, decimal_places=3, **kwargs)


def money(**kwargs):
    return serializers.DecimalField(max_digits=14, decimal_places=2, **kwargs)


def unit_price(**kwargs):
    return serializers.DecimalField(max_digits=14, decimal_places=4, **kwargs)


class CodeRelatedField(serializers.SlugRelatedField):
    """A related object by its code, SKU or number; a NUL character (PostgreSQL refuses it) is invalid."""

    def to_internal_value(self, data):
        if isinstance(data, str) and "\x00" in data:
            self.fail("invalid")
        return super().to_internal_value(data)
