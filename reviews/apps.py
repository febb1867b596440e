from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = _("Reviews")

    def ready(self):
        from accounts import home
        from cycles.signals import stage_started

        from . import permissions  # noqa: F401  registers the reviewers' dossier access
        from .home import reviewer_tasks, staff_tasks
        from .signals import start_round_with_stage

        home.register(reviewer_tasks)
        home.register(staff_tasks)
        stage_started.connect(start_round_with_stage, dispatch_uid="reviews.start_round_with_stage")
        try:
            from publicity import lists
        except ImportError:  # publicity not installed
            return
        from cycles.enums import StageKind

        from .selectors import defence_list

        lists.register(StageKind.DEFENCE_LIST_NOTICE)(defence_list)
