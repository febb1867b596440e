from common.errors import DomainError


class ReviewError(DomainError):
    """A review action that the rules or the state do not allow; the message says why."""
