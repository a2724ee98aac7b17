"""Models of the inventory app, one module per subject; every name is importable from here."""

from inventory.models.catalog import Category, Location, Lot, Product, Unit, Warehouse
from inventory.models.ledger import StockBalance, StockMove, StockReservation
from inventory.models.opening import OpeningStock, OpeningStockLine

__all__ = [
    "Category",
    "Location",
    "Lot",
    "OpeningStock",
    "OpeningStockLine",
    "Product",
    "StockBalance",
    "StockMove",
    "StockReservation",
    "Unit",
    "Warehouse",
]
