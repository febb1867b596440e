"""Which applications a notice lists, by the kind of stage it is published at.

A provider is ``fn(stage, department=None) -> Application queryset``. Other apps register
theirs (reviews: the defence list; awards may replace the candidate list):

    from publicity import lists

    @lists.register(StageKind.DEFENCE_LIST_NOTICE)
    def defence_list(stage, department=None):
        return ...

The last registration for a kind wins.
"""

from applications.enums import ApplicationStatus
from applications.models import Application
from cycles.enums import StageKind

_providers = {}


def register(stage_kind: str):
    def decorator(fn):
        _providers[str(stage_kind)] = fn
        return fn

    return decorator


def provider_for(stage_kind: str):
    return _providers.get(str(stage_kind))


def applications_for(stage, department=None):
    """The applications a notice at ``stage`` lists; none when no provider is registered."""
    provider = provider_for(stage.kind)
    if provider is None:
        return Application.objects.none()
    return provider(stage, department=department)


@register(StageKind.ACCEPTANCE_NOTICE)
def accepted_list(stage, department=None):
    return Application.objects.filter(cycle_id=stage.cycle_id, status=ApplicationStatus.ACCEPTED)


@register(StageKind.COUNTY_NOTICE)
def county_list(stage, department=None):
    """The county office's own jurisdiction, submitted and not yet forwarded (Lanzhou 第十三条)."""
    if department is None:
        return Application.objects.none()
    return Application.objects.filter(
        cycle_id=stage.cycle_id,
        status=ApplicationStatus.SUBMITTED,
        district__in=department.districts.all(),
    )


@register(StageKind.CANDIDATE_NOTICE)
def candidate_list(stage, department=None):
    return Application.objects.filter(cycle_id=stage.cycle_id, status=ApplicationStatus.CANDIDATE)
