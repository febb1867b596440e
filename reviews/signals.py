from cycles.enums import REVIEW_STAGES


def start_round_with_stage(sender, *, stage, by=None, **kwargs):
    """When a review stage begins, its round begins with the applications that went on."""
    if stage.kind in REVIEW_STAGES:
        from .services import round_ensure

        round_ensure(stage, by=by)
