from django.db import models
from django.utils.translation import gettext_lazy as _


class NoticeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CLOSED = "closed", _("Closed")


# A notice is prepared, published (its period runs), then closed at its end; nothing goes back.
NOTICE_TRANSITIONS: dict[str, frozenset[str]] = {
    NoticeStatus.DRAFT: frozenset({NoticeStatus.PUBLISHED}),
    NoticeStatus.PUBLISHED: frozenset({NoticeStatus.CLOSED}),
    NoticeStatus.CLOSED: frozenset(),
}
PUBLIC_NOTICE_STATES = frozenset({NoticeStatus.PUBLISHED, NoticeStatus.CLOSED})


class ObjectorKind(models.TextChoices):
    INDIVIDUAL = "individual", _("An individual")
    UNIT = "unit", _("A unit (organisation)")


class ObjectionStatus(models.TextChoices):
    OPEN = "open", _("Under examination")
    UPHELD = "upheld", _("Upheld")
    UNFOUNDED = "unfounded", _("Unfounded")


# An objection is examined once: the finding is final and answered in writing.
OBJECTION_TRANSITIONS: dict[str, frozenset[str]] = {
    ObjectionStatus.OPEN: frozenset({ObjectionStatus.UPHELD, ObjectionStatus.UNFOUNDED}),
    ObjectionStatus.UPHELD: frozenset(),
    ObjectionStatus.UNFOUNDED: frozenset(),
}
FINDINGS = (ObjectionStatus.UPHELD, ObjectionStatus.UNFOUNDED)
