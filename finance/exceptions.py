from common.exceptions import DomainError


class LedgerAlreadyPostedError(DomainError):
    pass
