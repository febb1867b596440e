from common.errors import DomainError


class RegisterError(DomainError):
    """A change to the register that the rules, the record's state or the office's scope do not
    allow; the message says why."""
