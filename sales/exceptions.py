from common.exceptions import DomainError
from inventory.exceptions import InsufficientStockError


class ShipmentRefusedError(InsufficientStockError):
    """A delivery would ship more than the order has left to ship (for example, two deliveries of the
    last units posted at the same moment: the second finds nothing left)."""


class PaymentRefusedError(DomainError):
    pass


class ReturnRefusedError(DomainError):
    pass
