from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicityConfig(AppConfig):
    name = "publicity"
    verbose_name = _("Publicity")

    def ready(self):
        from accounts import home

        from . import lists  # noqa: F401  (registers the built-in list providers)
        from .home import county_notice_tasks, notice_tasks, objection_tasks

        home.register(objection_tasks)
        home.register(notice_tasks)
        home.register(county_notice_tasks)
