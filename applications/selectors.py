"""Reads of the dossier worth naming: what to show to whom, what is still missing."""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, Sum
from django.utils.translation import gettext as _

from cycles.enums import ApplicantKind, ConditionCheck
from cycles.models import EligibilityCondition, RubricItem

from .enums import ApplicationStatus
from .models import Application, ApplicationForm, ApplicationHold, Recusal, ReportSection
from .permissions import Access

INDICATOR_KEYS = ("revenue", "profit", "tax", "exports")
REQUIRED_INDICATORS = ("revenue", "profit", "tax")


def indicator_labels():
    return {
        "revenue": _("Operating revenue"),
        "profit": _("Total profit"),
        "tax": _("Taxes paid"),
        "exports": _("Exports"),
    }


def indicator_years(cycle) -> list[int]:
    """The three years whose economic indicators the form asks for: the three before the cycle's year."""
    return [cycle.year - 3, cycle.year - 2, cycle.year - 1]


def is_individual(application) -> bool:
    return application.category.applicant_kind == ApplicantKind.INDIVIDUAL


def declaration_conditions(application) -> list[EligibilityCondition]:
    """The scheme's conditions checked by judgment for this applicant kind: the applicant declares each."""
    kind = application.category.applicant_kind
    return list(
        EligibilityCondition.objects.filter(scheme_id=application.cycle.scheme_id, check_kind=ConditionCheck.JUDGMENT)
        .filter(Q(applicant_kind="") | Q(applicant_kind=kind))
        .order_by("order", "id")
    )


def rubric_items(application) -> list[RubricItem]:
    return list(
        RubricItem.objects.filter(section__rubric_id=application.category.rubric_id)
        .select_related("section")
        .order_by("section__order", "order", "id")
    )


def application_form(application) -> ApplicationForm:
    form, _created = ApplicationForm.objects.get_or_create(application=application)
    return form


def dossier_size(application) -> int:
    return application.evidence.aggregate(total=Sum("size"))["total"] or 0


@dataclass
class SectionView:
    item: RubricItem
    text: str = ""
    word_count: int = 0
    is_trade_secret: bool = False
    hidden: bool = False  # a trade secret withheld from this reader
    evidence: list = field(default_factory=list)


@dataclass
class DossierView:
    application: Application
    access: Access
    form: ApplicationForm
    indicator_rows: list  # [(label, [value per year])]
    years: list
    declarations: list  # [(condition, affirmed)]
    team: list
    sections: list
    other_evidence: list
    secrets_withheld: int = 0


def dossier_for_display(application, access: Access) -> DossierView:
    """The dossier as ``access`` may see it: with ``Access.WITHOUT_SECRETS`` every report section and
    evidence file marked as a trade secret is left out (only a count of withheld parts remains)."""
    if access < Access.WITHOUT_SECRETS:
        raise PermissionError("no access to this dossier")
    full = access >= Access.FULL
    form = application_form(application)
    years = indicator_years(application.cycle)
    labels = indicator_labels()
    indicator_rows = [
        (labels[key], [(form.indicators.get(str(year)) or {}).get(key, "") for year in years]) for key in labels
    ]
    declarations = [(c, bool(form.declarations.get(str(c.pk)))) for c in declaration_conditions(application)]
    sections_by_item = {s.item_id: s for s in application.report_sections.all()}
    evidence = list(application.evidence.all())
    withheld = 0
    visible_evidence = []
    for file in evidence:
        if file.is_trade_secret and not full:
            withheld += 1
        else:
            visible_evidence.append(file)
    sections = []
    for item in rubric_items(application):
        stored = sections_by_item.get(item.pk)
        view = SectionView(item=item, evidence=[e for e in visible_evidence if e.item_id == item.pk])
        if stored is not None:
            view.is_trade_secret = stored.is_trade_secret
            if stored.is_trade_secret and not full:
                view.hidden = True
                withheld += 1
            else:
                view.text = stored.text
                view.word_count = stored.word_count
        sections.append(view)
    item_ids = {s.item.pk for s in sections}
    return DossierView(
        application=application,
        access=access,
        form=form,
        indicator_rows=indicator_rows,
        years=years,
        declarations=declarations,
        team=list(application.team_members.all()),
        sections=sections,
        other_evidence=[e for e in visible_evidence if e.item_id not in item_ids],
        secrets_withheld=withheld,
    )


@dataclass
class Missing:
    """One thing the dossier still lacks: the sentence for the applicant, and where it is filled in
    (``page`` is "form", "team" or "report"; ``anchor`` the element's id on that page)."""

    text: str
    page: str
    anchor: str = ""


@dataclass
class Checklist:
    """What submission requires of a dossier: how many of its requirements are met, and the rest."""

    total: int
    missing: list

    @property
    def done(self) -> int:
        return self.total - len(self.missing)

    @property
    def percent(self) -> int:
        return self.done * 100 // self.total if self.total else 100


def dossier_checklist(application) -> Checklist:
    """Every requirement of submission, in the order of the dossier's pages, each met or missing."""
    checks = []  # (met, Missing)
    form = application_form(application)
    if is_individual(application):
        members = application.team_members.count()
        scheme = application.cycle.scheme
        if members == 0:
            checks.append((False, Missing(_("Name the individual applying (or the team's members)."), "team")))
        elif members > application.category.max_team_size:
            text = _("A team has at most %(max)s members under %(category)s (%(article)s); this one has %(count)s.") % {
                "max": application.category.max_team_size,
                "category": application.category.name,
                "article": scheme.team_size_article,
                "count": members,
            }
            checks.append((False, Missing(text, "team")))
        else:
            checks.append((True, None))
    else:
        checks.append(
            (
                bool(form.legal_representative),
                Missing(_("Application form: the legal representative."), "form", "id_legal_representative"),
            )
        )
        checks.append(
            (
                form.employees is not None,
                Missing(_("Application form: the number of employees."), "form", "id_employees"),
            )
        )
        for year in indicator_years(application.cycle):
            values = form.indicators.get(str(year)) or {}
            empty = [key for key in REQUIRED_INDICATORS if values.get(key) in (None, "")]
            text = _("Application form: the economic indicators of %(year)s.") % {"year": year}
            anchor = f"id_indicator_{year}_{empty[0]}" if empty else ""
            checks.append((not empty, Missing(text, "form", anchor)))
    checks.append(
        (
            bool(form.main_business),
            Missing(_("Application form: the main products or services."), "form", "id_main_business"),
        )
    )
    checks.append(
        (bool(form.profile), Missing(_("Application form: the profile of the applicant."), "form", "id_profile"))
    )
    for condition in declaration_conditions(application):
        text = _("Declaration not affirmed: %(text)s (%(article)s)") % {
            "text": condition.text,
            "article": condition.article,
        }
        checks.append(
            (bool(form.declarations.get(str(condition.pk))), Missing(text, "form", f"id_declaration_{condition.pk}"))
        )
    written = {
        s.item_id
        for s in ReportSection.objects.filter(application=application).exclude(text="").only("item_id", "text")
        if s.text.strip()
    }
    for item in rubric_items(application):
        text = _("Self-evaluation report: item %(item)s is empty.") % {"item": item}
        checks.append((item.pk in written, Missing(text, "report", f"item-{item.pk}")))
    return Checklist(total=len(checks), missing=[missing for met, missing in checks if not met])


def dossier_missing(application) -> list[str]:
    """What keeps the dossier from being submitted, each as a sentence for the applicant; empty when complete."""
    return [missing.text for missing in dossier_checklist(application).missing]


def applications_of(user):
    """The applications ``user`` may work on: its own and its organisations', newest cycle first."""
    return (
        Application.objects.filter(Q(owner=user) | Q(organisation__members=user))
        .distinct()
        .select_related("cycle__scheme", "category", "organisation", "district")
        .order_by("-cycle__opened_at", "title")
    )


def open_holds():
    return ApplicationHold.objects.filter(released_at__isnull=True)


def is_held(application) -> bool:
    """True while an objection about ``application`` is examined: it does not go on meanwhile."""
    return open_holds().filter(application=application).exists()


def held_subquery(outer="pk"):
    """For annotating a queryset: whether the application at ``outer`` is held."""
    return Exists(open_holds().filter(application=OuterRef(outer)))


# The lists of the notices at each stage (``pipeline.stages``) ---------------------------------


def accepted_applications(cycle):
    """The notice of the accepted list: the applications in competition after eligibility."""
    return Application.objects.filter(cycle=cycle, status=ApplicationStatus.ACCEPTED)


def county_notice_applications(cycle, department):
    """A county office's notice (Lanzhou 第十三条): its jurisdiction's submitted applications."""
    return Application.objects.filter(
        cycle=cycle, status=ApplicationStatus.SUBMITTED, district__in=department.districts.all()
    )


def awaiting_department(cycle):
    """Submitted (or returned) applications on which their department has not given its opinion."""
    return Application.objects.filter(
        cycle=cycle, status__in=[ApplicationStatus.SUBMITTED, ApplicationStatus.RETURNED]
    ).order_by("title", "pk")


def awaiting_eligibility(cycle):
    """Recommended applications on which the office has not decided."""
    return Application.objects.filter(cycle=cycle, status=ApplicationStatus.RECOMMENDED).order_by("title", "pk")


def is_recused(user, application) -> bool:
    """True when ``user`` has withdrawn from deciding on ``application`` (随州 第二十八条)."""
    return user.is_authenticated and Recusal.objects.filter(application=application, person=user).exists()


def recused_among(user, applications) -> list:
    """The applications of ``applications`` from which ``user`` has withdrawn."""
    ids = [a.pk for a in applications]
    withdrawn = set(
        Recusal.objects.filter(person=user, application_id__in=ids).values_list("application_id", flat=True)
    )
    return [a for a in applications if a.pk in withdrawn]
