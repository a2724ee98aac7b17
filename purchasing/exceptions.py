from common.exceptions import DomainError


class ReceiptRefusedError(DomainError):
    """A goods receipt goes beyond what was ordered plus the tolerance, or does not add up."""
