"""Home tasks of applicants (dossiers to finish, returned applications) and departments (to recommend)."""

from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.enums import Role
from accounts.home import HomeTask

from .enums import ApplicationStatus
from .models import CorrectionRequest
from .permissions import jurisdiction_applications
from .selectors import applications_of
from .services.dossier import application_deadline


def applicant_tasks(user) -> list[HomeTask]:
    """The applicant's page, drafts to finish before the deadline, returned applications: two queries."""
    if not user.is_authenticated or user.role != Role.APPLICANT:
        return []
    now = timezone.now()
    applications = (
        applications_of(user)
        .filter(status__in=[ApplicationStatus.DRAFT, ApplicationStatus.RETURNED])
        .filter(
            Q(cycle__submission_deadline__gt=now) | Q(status=ApplicationStatus.RETURNED, correction_deadline__gt=now)
        )
        .prefetch_related(
            Prefetch(
                "correction_requests",
                queryset=CorrectionRequest.objects.order_by("-returned_at"),
                to_attr="latest_corrections",
            )
        )
    )
    tasks = [
        HomeTask(
            title=_("My applications and the open calls"),
            url=reverse("applications:my-applications"),
            detail=_("Register an organisation, start an application, follow its status."),
        )
    ]
    for application in applications:
        deadline = application_deadline(application)
        when = formats.date_format(timezone.localtime(deadline), "Y-m-d H:i")
        url = reverse("applications:dossier", args=[application.pk])
        if application.status == ApplicationStatus.RETURNED:
            comment = application.latest_corrections[0].comment if application.latest_corrections else ""
            tasks.append(
                HomeTask(
                    title=_("Your application to %(cycle)s was returned: %(comment)s")
                    % {"cycle": application.cycle, "comment": comment},
                    url=url,
                    detail=_("Correct it and submit again before %(deadline)s.") % {"deadline": when},
                    due=deadline,
                )
            )
        else:
            tasks.append(
                HomeTask(
                    title=_("Finish and submit your dossier for %(cycle)s before %(deadline)s")
                    % {"cycle": application.cycle, "deadline": when},
                    url=url,
                    detail=str(application.category),
                    due=deadline,
                )
            )
    return tasks


def recommendation_tasks(user) -> list[HomeTask]:
    """A department: the applications of its jurisdiction awaiting its recommendation. One query."""
    if user.role != Role.DEPARTMENT:
        return []
    count = jurisdiction_applications(user).filter(status=ApplicationStatus.SUBMITTED).count()
    if not count:
        return []
    return [
        HomeTask(
            title=ngettext(
                "%(count)s application of your jurisdiction awaits your recommendation",
                "%(count)s applications of your jurisdiction await your recommendation",
                count,
            )
            % {"count": count},
            url=reverse("applications:recommendation-list"),
        )
    ]
