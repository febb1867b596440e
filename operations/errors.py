from common.errors import DomainError


class OperationsError(DomainError):
    """A backup, restore or archive that cannot be made as asked; the message says why."""
