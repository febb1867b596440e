from common.errors import DomainError


class RegisterError(DomainError):
    """A change to the register that the rules or the record's state do not allow; the message says why."""
