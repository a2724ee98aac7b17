"""Short ways to post stock in tests, through the real ``inventory.services``."""

from decimal import Decimal

from inventory.choices import MoveType
from inventory.models import StockBalance
from inventory.services import DocumentRef, MoveSpec, stock_moves_post

DOCUMENT = DocumentRef("tests.document", 1, "T-0001")


def post(
    product, location, quantity, *, by, unit_cost=None, lot=None, move_type=None, line_id=None, document=None
):
    """Post one move; positive quantity is a receipt, negative a shipment unless ``move_type`` says."""
    quantity = Decimal(str(quantity))
    if move_type is None:
        move_type = MoveType.RECEIPT if quantity > 0 else MoveType.SHIPMENT
    (move,) = stock_moves_post(
        moves=[
            MoveSpec(
                product_id=product.pk,
                location_id=location.pk,
                quantity=quantity,
                move_type=move_type,
                lot_id=lot.pk if lot else None,
                unit_cost=None if unit_cost is None else Decimal(str(unit_cost)),
                document_line_id=line_id,
            )
        ],
        document=document or DOCUMENT,
        by=by,
    )
    return move


def balance_of(product, location, lot=None) -> StockBalance:
    return StockBalance.objects.get(product=product, location=location, lot=lot)
