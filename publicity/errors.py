class PublicityError(Exception):
    """A notice or objection action that the rules or the current state do not allow; the message says why."""
