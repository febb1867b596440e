from cycles.errors import CycleError


class StaleAdvance(CycleError):
    """The advance named a stage that is no longer the cycle's current one: it changed nothing."""


class StageCannotEnd(CycleError):
    """A condition of the stage does not hold; ``unmet`` lists why, each citing its article."""

    def __init__(self, stage, unmet: list[str]):
        self.stage, self.unmet = stage, unmet
        super().__init__(" ".join(unmet))


class AdvanceNeedsConfirmation(CycleError):
    """Ending the stage leaves ``undecided`` applications undecided; the office confirms first."""

    def __init__(self, message: str, undecided: list):
        self.undecided = undecided
        super().__init__(message)
