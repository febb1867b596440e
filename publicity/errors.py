from common.errors import DomainError


class PublicityError(DomainError):
    """A notice or objection action that the rules or the current state do not allow; the message says why."""
