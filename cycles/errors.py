from common.errors import DomainError


class CycleError(DomainError):
    """A cycle action that the rules or the current state do not allow; the message says why."""


class EarlyCycleNeedsConfirmation(CycleError):
    """Opening a cycle sooner than the scheme's interval: allowed only when confirmed."""
