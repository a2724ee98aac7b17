from common.exceptions import DomainError


class LedgerAlreadyPostedError(DomainError):
    pass


class AllocationRefusedError(DomainError):
    """An allocation beyond what is open, or between documents that do not settle each other."""


class PaymentRefusedError(DomainError):
    pass


class InvoiceRefusedError(DomainError):
    pass
