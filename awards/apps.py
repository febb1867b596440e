from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = _("Awards")

    def ready(self):
        from accounts import home
        from applications.permissions import register_reader

        from . import lists
        from .home import award_tasks
        from .permissions import committee_reader

        home.register(award_tasks)
        register_reader(committee_reader)
        lists.register_candidate_notice()
