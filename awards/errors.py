from common.errors import DomainError


class AwardError(DomainError):
    """An evaluation or vote action the rules or the state do not allow; the message says why."""
