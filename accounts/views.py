from axes.utils import reset as axes_reset
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.views.decorators.http import require_POST

from common.pagination import paginate

from . import audit_chain
from .models import AuditEntry, Authority, Notification
from .permissions import can_read_audit


@login_required
def inbox(request):
    page = paginate(
        request, Notification.objects.filter(recipient=request.user).order_by("-created", "-id"), per_page=25
    )
    return render(request, "accounts/inbox.html", {"page": page})


@login_required
@require_POST
def notification_open(request, notification_id):
    notification = get_object_or_404(Notification, pk=notification_id, recipient=request.user)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return redirect(notification.url or "accounts:inbox")


@login_required
def audit_trail(request, authority_id):
    authority = get_object_or_404(Authority, pk=authority_id)
    if not can_read_audit(request.user, authority):
        raise Http404
    entries = AuditEntry.objects.filter(authority=authority).select_related("actor").order_by("-created", "-id")
    action = request.GET.get("action", "").strip()
    if action:
        entries = entries.filter(action__startswith=action)
    page = paginate(request, entries)
    return render(request, "accounts/audit_trail.html", {"authority": authority, "page": page, "action": action})


@login_required
def audit_verify(request, authority_id):
    """Recompute the authority's audit chain and name the first entry that does not match (read-only)."""
    authority = get_object_or_404(Authority, pk=authority_id)
    if not can_read_audit(request.user, authority):
        raise Http404
    return render(
        request,
        "accounts/audit_verify.html",
        {"authority": authority, "verification": audit_chain.verify(authority.pk)},
    )


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """A new password set through the e-mailed link also lifts every login lock-out of the account
    (django-axes), so whoever failed on purpose from elsewhere cannot keep the owner out."""

    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password-reset-complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        axes_reset(username=form.user.get_username())
        return response
