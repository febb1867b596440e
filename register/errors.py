from common.errors import DomainError


class RegisterError(DomainError):
    """A register entry the rules or the office's scope do not allow; the message says why."""
