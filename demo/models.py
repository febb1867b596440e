from django.db import models
from django.utils.translation import gettext_lazy as _


class DemoInstallation(models.Model):
    """The mark that this database holds the demo: written by ``load_demo``, required by ``shift_demo``.

    One row at most (pk 1); a real installation has none, so nothing can move its dates.
    """

    loaded_at = models.DateTimeField(_("demo loaded"), auto_now_add=True)
    shifted_days = models.PositiveIntegerField(_("days moved into the past"), default=0)

    class Meta:
        verbose_name = _("demo installation")
        verbose_name_plural = _("demo installation")
        constraints = [models.CheckConstraint(condition=models.Q(pk=1), name="one_demo_mark")]

    def __str__(self):
        return f"{self._meta.verbose_name} {self.loaded_at:%Y-%m-%d %H:%M}"
