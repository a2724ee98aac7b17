from common.exceptions import DomainError


class InsufficientStockError(DomainError):
    pass


class AlreadyPostedError(DomainError):
    pass
