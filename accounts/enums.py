from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """The primary role of an account; it decides the home page.

    What a user may act on is scoped further by object permissions (django-guardian) on the
    authority, department or organisation it acts for.
    """

    APPLICANT = "applicant", _("Applicant")
    DEPARTMENT = "department", _("Recommending department")
    REVIEWER = "reviewer", _("Reviewer")
    STAFF = "staff", _("Quality office staff")
    COMMITTEE = "committee", _("Committee member")
    SUPERVISOR = "supervisor", _("Supervisor")


class DepartmentKind(models.TextChoices):
    COUNTY_GOVERNMENT = "county_government", _("County or district government")
    DEVELOPMENT_ZONE = "development_zone", _("Development-zone committee")
    INDUSTRY_DEPARTMENT = "industry_department", _("Industry department")
    COUNTY_QUALITY_OFFICE = "county_quality_office", _("County quality office")


# Object permissions granted with django-guardian. They are the scope of a role: a staff
# member manages the awards of the authorities it holds MANAGE on, and nothing else.
class AuthorityPermission:
    MANAGE = "accounts.manage_awards"
    SUPERVISE = "accounts.supervise_awards"
    COMMITTEE = "accounts.sit_on_committee"
    REVIEW = "accounts.review_for_authority"


DEPARTMENT_PERMISSION = "accounts.act_for_department"
