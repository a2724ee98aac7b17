"""Helpers of the stock-operation tests; fixtures are in ``conftest.py``."""

from decimal import Decimal

from inventory.services import transfer_create, transfer_dispatch, transfer_line_add


def q(value) -> Decimal:
    return Decimal(str(value))


def dispatched_transfer(*, product, source, destination, quantity, by, lot=None):
    transfer = transfer_create(source_warehouse=source.warehouse, destination=destination, by=by)
    transfer_line_add(transfer=transfer, product=product, source=source, quantity=q(quantity), lot=lot)
    return transfer_dispatch(transfer=transfer, by=by)
