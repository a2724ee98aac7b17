from decimal import Decimal

from rest_framework import serializers

QUANTITY_MIN = Decimal("0.001")


def quantity(**kwargs):
    return serializers.DecimalField(max_digits=14, decimal_places=3, **kwargs)


def money(**kwargs):
    return serializers.DecimalField(max_digits=14, decimal_places=2, **kwargs)


def unit_price(**kwargs):
    return serializers.DecimalField(max_digits=14, decimal_places=4, **kwargs)
