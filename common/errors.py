"""One home for domain errors.

A service raises a ``DomainError`` (through its app's subclass) when the rules or the state of an
object do not allow what was asked; the message, in the user's language, says why. Views turn
any of them into a message in one place (``common.middleware.DomainErrorMiddleware``).
"""


class DomainError(Exception):
    """An action the rules or the current state do not allow; ``str(error)`` says why."""


class TransitionNotAllowed(DomainError):
    """A move that the state machine's declared table does not have."""
