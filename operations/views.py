"""Staff pages of a cycle's archives: ask for one, download one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.files import protected_file_response
from cycles.enums import CycleState
from cycles.permissions import get_cycle_for_user

from .models import CycleArchive
from .tasks import cycle_archive_task


@login_required
def cycle_archives(request, cycle_id):
    """The archives of a cycle; its staff may ask for a new one once the cycle is closed."""
    cycle = get_cycle_for_user(request.user, cycle_id, manage=True)
    return render(
        request,
        "operations/cycle_archives.html",
        {
            "cycle": cycle,
            "archives": cycle.archives.select_related("created_by"),
            "closed": cycle.state == CycleState.CLOSED,
        },
    )


@login_required
@require_POST
def archive_request(request, cycle_id):
    cycle = get_cycle_for_user(request.user, cycle_id, manage=True)
    if cycle.state != CycleState.CLOSED:
        messages.error(request, _("%(cycle)s is still open; only a closed cycle is archived.") % {"cycle": cycle})
        return redirect("operations:cycle-archives", cycle_id=cycle.pk)
    requested_at = timezone.now().isoformat()
    transaction.on_commit(
        lambda: cycle_archive_task.delay(cycle_id=cycle.pk, user_id=request.user.pk, requested_at=requested_at)
    )
    messages.success(request, _("The archive is being made; it appears in the list when it is ready."))
    return redirect("operations:cycle-archives", cycle_id=cycle.pk)


@login_required
def archive_download(request, archive_id):
    archive = get_object_or_404(CycleArchive.objects.select_related("cycle__scheme"), pk=archive_id)
    get_cycle_for_user(request.user, archive.cycle_id, manage=True)
    created = timezone.localtime(archive.created)
    return protected_file_response(
        request,
        archive.file,
        filename=f"{archive.cycle}-归档-{created:%Y%m%d%H%M}.zip",
        content_type="application/zip",
    )
