from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "applications"
    verbose_name = _("Applications")

    def ready(self):
        from accounts.home import register

        from .eligibility_home import eligibility_tasks
        from .home import applicant_tasks

        register(applicant_tasks)
        register(eligibility_tasks)
