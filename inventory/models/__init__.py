"""Models of the inventory app, one module per subject; every name is importable from here."""

from inventory.models.alerts import LowStockAlert, WarehouseSafetyStock
from inventory.models.catalog import Category, Location, Lot, Product, Unit, Warehouse
from inventory.models.ledger import (
    StockBalance,
    StockMonthEnd,
    StockMonthEndLine,
    StockMove,
    StockReservation,
)
from inventory.models.opening import OpeningStock, OpeningStockLine
from inventory.models.stocktakes import Stocktake, StocktakeLine
from inventory.models.transfers import Transfer, TransferLine

__all__ = [
    "Category",
    "Location",
    "LowStockAlert",
    "Lot",
    "OpeningStock",
    "OpeningStockLine",
    "Product",
    "StockBalance",
    "StockMonthEnd",
    "StockMonthEndLine",
    "StockMove",
    "StockReservation",
    "Stocktake",
    "StocktakeLine",
    "Transfer",
    "TransferLine",
    "Unit",
    "Warehouse",
    "WarehouseSafetyStock",
]
