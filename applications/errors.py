from common.errors import DomainError


class ApplicationError(DomainError):
    """An application action that the rules or its state do not allow; the message says why."""
