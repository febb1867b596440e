from celery import shared_task

from .services.rounds import remind_round_ending

REMIND_REVIEWERS_TASK_NAME = "reviews.remind_round_ending"


@shared_task(name=REMIND_REVIEWERS_TASK_NAME)
def remind_round_ending_task() -> list[int]:
    """Remind the reviewers whose round ends soon of the sheets they still owe (beat, daily)."""
    return remind_round_ending()
