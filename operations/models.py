"""What operations keep: the archives (归档) of closed cycles."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cycles.models import Cycle


def archive_upload_to(instance, filename):
    return f"archives/{uuid.uuid4().hex}.zip"


class CycleArchive(models.Model):
    """One archive of a closed cycle: every document its producers made, an index and the checksums."""

    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="archives")
    created = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    file = models.FileField(upload_to=archive_upload_to, max_length=200)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    items = models.PositiveIntegerField(_("documents"))
    files_moved_at = models.DateTimeField(_("files moved to cold storage"), null=True, blank=True)

    class Meta:
        verbose_name = _("cycle archive")
        verbose_name_plural = _("cycle archives")
        ordering = ["cycle", "-created", "-id"]

    def __str__(self):
        return f"{self.cycle} {self.created:%Y-%m-%d %H:%M}"
