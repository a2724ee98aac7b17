"""Decimal fields with the project's precision: money 2 places, unit costs 4, quantities 3."""

from decimal import Decimal

from django.db import models

MONEY_LIMIT = Decimal("1000000000000")  # a MoneyField holds less than 10^12


def QuantityField(verbose_name=None, **kwargs):  # noqa: N802 - used like a field class
    kwargs.setdefault("default", 0)
    return models.DecimalField(verbose_name, max_digits=14, decimal_places=3, **kwargs)


def MoneyField(verbose_name=None, **kwargs):  # noqa: N802
    kwargs.setdefault("default", 0)
    return models.DecimalField(verbose_name, max_digits=14, decimal_places=2, **kwargs)


def UnitCostField(verbose_name=None, **kwargs):  # noqa: N802
    kwargs.setdefault("default", 0)
    return models.DecimalField(verbose_name, max_digits=14, decimal_places=4, **kwargs)


def ValueField(verbose_name=None, **kwargs):  # noqa: N802
    """Stock value kept to 4 places so that rounding never drifts the ledger."""
    kwargs.setdefault("default", 0)
    return models.DecimalField(verbose_name, max_digits=18, decimal_places=4, **kwargs)
