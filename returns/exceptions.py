from common.exceptions import DomainError


class ReturnRefusedError(DomainError):
    """More than can come back, a product not on the customer's deliveries, a request in the wrong state."""
