"""Withdrawal (回避) of office staff from deciding on an application in which they have an interest.

随州 第二十八条: staff with an interest in an applicant withdraw. A staff member declares it once
per application; every decision on that application (eligibility, the decision after a review
round, an objection, the candidates, a tie) then refuses that person. Reviewers declare through
their own declarations (``reviews``), committee members on the ballot (``awards``).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .core import Application


class Recusal(models.Model):
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="recusals")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="recusals")
    statement = models.TextField(_("interest declared"))
    article = models.CharField(_("article"), max_length=100, blank=True)
    declared_at = models.DateTimeField(_("declared"), auto_now_add=True)

    class Meta:
        verbose_name = _("withdrawal from an application")
        verbose_name_plural = _("withdrawals from applications")
        ordering = ["application", "declared_at", "id"]
        constraints = [models.UniqueConstraint(fields=["application", "person"], name="one_recusal_per_person")]

    def __str__(self):
        return f"{self.person} · {self.application}"
