"""Office staff withdraw from deciding on an application in which they have an interest."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.permissions import can_manage_authority
from accounts.services import audit_record

from ..errors import ApplicationError
from ..models import Application, Recusal
from ..selectors import is_recused


def recusal_declare(application: Application, *, by, statement: str) -> Recusal:
    """Record that ``by``, staff of the application's authority, has an interest in it and withdraws
    from every decision on it; the colleagues decide. Once declared it stays. Writes
    ``application.recusal`` citing the scheme's article on withdrawal (随州 第二十八条)."""
    scheme = application.cycle.scheme
    if not can_manage_authority(by, scheme.authority):
        raise ApplicationError(_("You do not run the awards of this authority."))
    if not statement.strip():
        raise ApplicationError(_("Say what your interest in the applicant is."))
    article = scheme.withdrawal_article or scheme.conflict_article
    try:
        with transaction.atomic():
            recusal = Recusal.objects.create(
                application=application, person=by, statement=statement.strip(), article=article
            )
    except IntegrityError:
        raise ApplicationError(_("You have already withdrawn from this application.")) from None
    audit_record(
        actor=by,
        action="application.recusal",
        summary=_("%(person)s withdraws from deciding on %(application)s")
        % {"person": by.display_name or by.username, "application": application.title},
        target=application,
        authority=scheme.authority,
        article=article,
        reason=recusal.statement,
    )
    return recusal


def check_not_recused(application: Application, *, by, error=ApplicationError) -> None:
    """Refuse a decision on ``application`` by someone who has withdrawn from it."""
    if is_recused(by, application):
        scheme = application.cycle.scheme
        article = scheme.withdrawal_article or scheme.conflict_article
        message = _("You have withdrawn from deciding on %(application)s; a colleague decides.") % {
            "application": application.title
        }
        if article:
            message = _("Under %(article)s: %(requirement)s") % {"article": article, "requirement": message}
        raise error(message)
