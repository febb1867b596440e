"""The rulebook (award schemes and rubrics), the working-day calendar, and cycles.

Every number a regulation fixes is a field here, next to the article it comes from; an empty
article means the text is silent and the value is the office's own setting. An ``AwardScheme`` row
is one edition of a scheme's rulebook, and a cycle runs under the edition it opened with: see
``cycles.editions`` for how editions are kept, cloned and adopted. Every change of these rows is
kept with its author and its old and new values (django-simple-history).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from accounts.models import Authority

from .enums import (
    DRAFT_STATUSES,
    NOTICE_STAGES,
    ApplicantKind,
    ConditionCheck,
    CycleState,
    DayUnit,
    PeriodUnit,
    RegulationStatus,
    SanctionCause,
    StageKind,
    StageStatus,
)

ARTICLE = {"max_length": 100, "blank": True, "verbose_name": _("article")}
OFFICE_SETTING = _("Leave the article empty where the regulation is silent: the value is then the office's setting.")


class Rubric(models.Model):
    """An assessment standard: sections of items, each worth points (e.g. GB/T 19580, 1000 points)."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200)
    standard = models.CharField(_("standard"), max_length=100, help_text=_("e.g. GB/T 19580-2012"))
    authority = models.ForeignKey(
        Authority,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rubrics",
        help_text=_("Empty for a national standard shared by all authorities."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rubric")
        verbose_name_plural = _("rubrics")
        ordering = ["code"]

    def __str__(self):
        return self.name

    @property
    def total_points(self):
        return sum(section.points for section in self.sections.all())


class RubricSection(models.Model):
    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="sections")
    number = models.CharField(_("number"), max_length=10)
    title = models.CharField(_("title"), max_length=200)
    points = models.PositiveSmallIntegerField(_("points"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rubric section")
        verbose_name_plural = _("rubric sections")
        ordering = ["rubric", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["rubric", "number"], name="unique_section_number")]

    def __str__(self):
        return f"{self.number} {self.title}"


class RubricItem(models.Model):
    """One scored item; the self-evaluation report and the score sheets follow these."""

    section = models.ForeignKey(RubricSection, on_delete=models.CASCADE, related_name="items")
    number = models.CharField(_("number"), max_length=10)
    title = models.CharField(_("title"), max_length=200)
    points = models.PositiveSmallIntegerField(_("points"))
    guidance = models.TextField(_("guidance"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rubric item")
        verbose_name_plural = _("rubric items")
        ordering = ["section__order", "order", "id"]

    def __str__(self):
        return f"{self.number} {self.title}"


class AwardSchemeQuerySet(models.QuerySet):
    def current(self):
        """The current edition of each scheme: the one new cycles open under (one per code)."""
        return self.filter(is_current=True)

    def of_code(self, code: str):
        """Every edition of the scheme ``code``, the newest first."""
        return self.filter(code=code).order_by("-edition")


class AwardScheme(models.Model):
    """One edition of an award's rulebook, as its regulation defines it. Tiers, categories,
    stages, conditions and sanctions hang off it; the scheme-wide rules are fields with their
    articles. ``code`` names the scheme across its editions; ``is_current`` marks the edition new
    cycles open under, and a cycle keeps the edition it opened with (``cycles.editions``)."""

    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="schemes")
    code = models.SlugField(
        _("code"), max_length=50, help_text=_("Names the scheme in addresses; the same for all its editions.")
    )
    edition = models.PositiveSmallIntegerField(_("edition"), default=1)
    is_current = models.BooleanField(
        _("current edition"), default=True, help_text=_("New cycles open under the current edition.")
    )
    based_on = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("copied from edition"),
    )
    edition_note = models.CharField(_("why this edition"), max_length=200, blank=True)
    edition_created_at = models.DateTimeField(_("edition created"), null=True, blank=True)
    shipped_version = models.PositiveSmallIntegerField(
        _("shipped data version"),
        null=True,
        blank=True,
        help_text=_("The version of the platform's shipped rulebook this edition follows; empty for the office's own."),
    )
    shipped_declined = models.PositiveSmallIntegerField(
        _("shipped version declined"),
        null=True,
        blank=True,
        help_text=_("The newest shipped version the office chose not to adopt."),
    )
    name = models.CharField(_("name"), max_length=100)
    regulation_title = models.CharField(_("regulation"), max_length=200)
    regulation_reference = models.CharField(_("document number"), max_length=100, blank=True)
    regulation_issuer = models.CharField(_("issued by"), max_length=100, blank=True)
    regulation_status = models.CharField(
        _("status of the regulation"),
        max_length=20,
        choices=RegulationStatus.choices,
        default=RegulationStatus.IN_FORCE,
    )
    effective_from = models.DateField(_("in force from"), null=True, blank=True)
    expires_on = models.DateField(
        _("expires on"), null=True, blank=True, help_text=_("The last day the regulation is valid, if it says so.")
    )
    expiry_article = models.CharField(**ARTICLE)
    summary = models.TextField(_("summary"), blank=True)
    is_active = models.BooleanField(_("accepting cycles"), default=True)

    interval_years = models.PositiveSmallIntegerField(
        _("cycle interval (years)"), null=True, blank=True, help_text=_("Empty when the regulation fixes none.")
    )
    interval_article = models.CharField(**ARTICLE)

    max_team_size = models.PositiveSmallIntegerField(
        _("largest team of individuals"), default=1, help_text=_("1 when individuals may only apply alone.")
    )
    team_size_article = models.CharField(**ARTICLE)

    # A returned application is corrected by a deadline its department (or the office) sets, at most
    # this long after the return. No shipped regulation names the period: it is then the office's setting.
    correction_days = models.PositiveSmallIntegerField(
        _("longest time to correct a returned application"),
        default=5,
        help_text=_("Counted from the day of the return; whoever returns it sets the deadline within it."),
    )
    correction_unit = models.CharField(_("unit"), max_length=10, choices=DayUnit.choices, default=DayUnit.WORKING)
    correction_article = models.CharField(_("article"), max_length=100, blank=True, help_text=OFFICE_SETTING)

    review_group_min = models.PositiveSmallIntegerField(_("smallest review group"), default=3)
    review_group_max = models.PositiveSmallIntegerField(
        _("largest review group"), null=True, blank=True, help_text=_("Empty: no upper bound.")
    )
    review_group_article = models.CharField(_("article"), max_length=100, blank=True, help_text=OFFICE_SETTING)
    industry_expert_article = models.CharField(
        _("a group includes an expert of the applicant's industry"),
        max_length=100,
        blank=True,
        help_text=_("The article under which a review group includes an industry expert; empty when it need not."),
    )
    conflict_article = models.CharField(_("conflict-of-interest article"), max_length=100, blank=True)
    withdrawal_article = models.CharField(
        _("withdrawal of staff and committee members"),
        max_length=100,
        blank=True,
        help_text=_(
            "The article under which office staff and committee members with an interest in an application withdraw."
        ),
    )
    confidentiality_article = models.CharField(_("confidentiality article"), max_length=100, blank=True)

    objection_article = models.CharField(_("objection article"), max_length=100, blank=True)
    objection_identity_required = models.BooleanField(_("objections must identify the objector"), default=False)
    objection_identity_article = models.CharField(**ARTICLE)
    objection_window_days = models.PositiveSmallIntegerField(_("days to examine an objection"), null=True, blank=True)
    objection_window_unit = models.CharField(_("unit"), max_length=10, choices=DayUnit.choices, default=DayUnit.WORKING)
    objection_window_article = models.CharField(**ARTICLE)
    objection_any_time_article = models.CharField(
        _("objections at any time of the cycle"),
        max_length=100,
        blank=True,
        help_text=_("The article under which anyone may object to acceptance or review work outside a notice."),
    )
    objection_report_article = models.CharField(
        _("investigation report on objections to the final notice"),
        max_length=100,
        blank=True,
        help_text=_(
            "The article under which an objection to the notice of the proposed winners needs a written report."
        ),
    )
    objection_opinions_required = models.BooleanField(
        _("every committee member gives a written opinion before the decision"), default=False
    )
    objection_confirmation_article = models.CharField(
        _("the objector confirms the result"),
        max_length=100,
        blank=True,
        help_text=_(
            "The article under which the objector's confirmation of the written result (or silence) is recorded."
        ),
    )

    committee_secret_ballot = models.BooleanField(_("committee votes by secret ballot"), default=False)
    committee_article = models.CharField(**ARTICLE)
    committee_quorum_percent = models.PositiveSmallIntegerField(
        _("quorum (percent of members voting)"),
        default=50,
        help_text=_("Set by the office where the regulation is silent."),
    )
    committee_majority_percent = models.PositiveSmallIntegerField(
        _("majority needed (percent of votes cast)"), default=50
    )
    committee_single_vote_article = models.CharField(
        _("one vote produces the list of every tier"),
        max_length=100,
        blank=True,
        help_text=_(
            "The article under which the committee, in one vote on every applicant still in competition, "
            "produces the lists of all tiers; nobody is eliminated beforehand."
        ),
    )
    committee_ranked_list_article = models.CharField(
        _("the committee votes on the ranked list"),
        max_length=100,
        blank=True,
        help_text=_(
            "The article under which the committee votes on the list ranked by total score, which staff can "
            "neither reorder nor shorten."
        ),
    )

    validity_years = models.PositiveSmallIntegerField(_("validity of an award (years)"), null=True, blank=True)
    validity_article = models.CharField(**ARTICLE)
    follow_up_article = models.CharField(
        _("follow-up visits to holders"),
        max_length=100,
        blank=True,
        help_text=_("The article under which the office visits the holders (e.g. 随州 第三十四条)."),
    )

    public_evaluation_article = models.CharField(
        _("public evaluation article"), max_length=100, blank=True, help_text=_("Empty when there is none.")
    )
    onsite_report_confirmation_article = models.CharField(
        _("applicant confirms the on-site report"),
        max_length=100,
        blank=True,
        help_text=_(
            "The article under which the applicant confirms the on-site review report; empty when it does not."
        ),
    )
    commend_onsite_article = models.CharField(
        _("commendation of on-site finalists"),
        max_length=100,
        blank=True,
        help_text=_("The article under which organisations that reached on-site review are commended."),
    )

    objects = AwardSchemeQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["edition_created_at"])

    class Meta:
        verbose_name = _("award scheme")
        verbose_name_plural = _("award schemes")
        ordering = ["authority__name", "name", "-edition"]
        constraints = [
            models.UniqueConstraint(fields=["code", "edition"], name="unique_scheme_edition"),
            models.UniqueConstraint(fields=["code"], condition=Q(is_current=True), name="one_current_edition"),
        ]

    def __str__(self):
        return self.name

    @property
    def edition_label(self) -> str:
        return _("edition %(number)s") % {"number": self.edition}

    @property
    def is_draft(self) -> bool:
        return self.regulation_status in DRAFT_STATUSES

    def has_expired(self, on=None) -> bool:
        on = on or timezone.localdate()
        return self.expires_on is not None and on > self.expires_on

    @property
    def accepts_individuals(self):
        return any(c.applicant_kind == ApplicantKind.INDIVIDUAL for c in self.categories.all())

    def notice_stages(self):
        return [stage for stage in self.stages.all() if stage.kind in NOTICE_STAGES]


class Tier(models.Model):
    """An award level with its quota and prize rules (e.g. 编钟质量奖 ≤3, 提名奖 ≤6)."""

    scheme = models.ForeignKey(AwardScheme, on_delete=models.CASCADE, related_name="tiers")
    code = models.SlugField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=100)
    rank = models.PositiveSmallIntegerField(_("rank"), default=1, help_text=_("1 is the highest."))
    quota = models.PositiveSmallIntegerField(_("quota per cycle"))
    quota_article = models.CharField(**ARTICLE)
    may_stay_vacant = models.BooleanField(_("places may stay empty"), default=True)
    prize_first = models.DecimalField(
        _("prize, first award (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    prize_repeat = models.DecimalField(
        _("prize, repeat award (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    prize_after_tier = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reduced prize after an earlier award of"),
    )
    prize_after_amount = models.DecimalField(
        _("prize after that earlier award (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    prize_article = models.CharField(**ARTICLE)
    repeat_counts_toward_quota = models.BooleanField(_("a repeat winner counts toward the quota"), default=True)
    repeat_article = models.CharField(**ARTICLE)
    prize_set_per_cycle = models.BooleanField(
        _("the office sets the prize for each cycle"),
        default=False,
        help_text=_("When the regulation leaves the amount open (e.g. 晋中 第十九条)."),
    )
    grants_certificate = models.BooleanField(_("holders get a plaque and a certificate"), default=True)
    certificate_article = models.CharField(**ARTICLE)
    cooling_off_value = models.PositiveSmallIntegerField(_("cooling-off after winning"), null=True, blank=True)
    cooling_off_unit = models.CharField(_("unit"), max_length=12, choices=PeriodUnit.choices, default=PeriodUnit.YEARS)
    cooling_off_article = models.CharField(**ARTICLE)
    cooling_off_is_reading = models.BooleanField(
        _("the cooling-off is the office's reading of its article"),
        default=False,
        help_text=_(
            "Tick where the article does not say so in as many words (e.g. a validity period read as a bar): "
            "each decision then says it applies the office's reading."
        ),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tier")
        verbose_name_plural = _("tiers")
        ordering = ["scheme", "rank", "id"]
        constraints = [models.UniqueConstraint(fields=["scheme", "code"], name="unique_tier_code")]

    def __str__(self):
        return self.name


class Category(models.Model):
    """What one applies under (申报类别): who may apply, against which rubric, for which tiers.

    Qingyuan has two (质量奖, 创新奖), each for its own tier; Jinzhong has organisations and
    individuals, both for the same two tiers, counted together.
    """

    scheme = models.ForeignKey(AwardScheme, on_delete=models.CASCADE, related_name="categories")
    code = models.SlugField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=100)
    applicant_kind = models.CharField(_("who applies"), max_length=20, choices=ApplicantKind.choices)
    tiers = models.ManyToManyField(Tier, related_name="categories", verbose_name=_("tiers it can win"))
    rubric = models.ForeignKey(Rubric, on_delete=models.PROTECT, related_name="categories", verbose_name=_("rubric"))
    article = models.CharField(**ARTICLE)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    allows_teams = models.BooleanField(
        _("individuals may apply jointly"),
        default=True,
        help_text=_(
            "For individuals: whether a team (up to the scheme's largest team) may apply under this category; "
            "otherwise one person applies."
        ),
    )
    # The tiers a category may win are left out: a restore (loaddata) would record them twice.
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["scheme", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["scheme", "code"], name="unique_category_code")]

    def __str__(self):
        return self.name

    @property
    def max_team_size(self) -> int:
        """How many individuals may apply together under this category (Jinzhong 第十一条)."""
        return self.scheme.max_team_size if self.allows_teams else 1


class StageDefinition(models.Model):
    """One step of the scheme's pipeline, in the regulation's order."""

    scheme = models.ForeignKey(AwardScheme, on_delete=models.CASCADE, related_name="stages")
    order = models.PositiveSmallIntegerField(_("order"))
    kind = models.CharField(_("kind"), max_length=30, choices=StageKind.choices)
    name = models.CharField(_("name"), max_length=100)
    article = models.CharField(**ARTICLE)
    optional = models.BooleanField(_("held only when the office decides"), default=False)
    notice_days = models.PositiveSmallIntegerField(_("notice period"), null=True, blank=True)
    notice_unit = models.CharField(_("unit"), max_length=10, choices=DayUnit.choices, default=DayUnit.WORKING)
    notice_period_article = models.CharField(
        _("article of the notice period"),
        max_length=100,
        blank=True,
        help_text=_("Empty where the regulation names no period: the period is then the office's setting."),
    )
    score_weight = models.PositiveSmallIntegerField(
        _("weight in the comprehensive evaluation (%)"),
        null=True,
        blank=True,
        help_text=_("For review rounds and the public evaluation: the share of the round's score in the total."),
    )
    planned_days = models.PositiveSmallIntegerField(
        _("planned duration (calendar days)"),
        default=14,
        help_text=_("For the timetable of a new cycle; notices use their legal period instead."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        ordering = ["scheme", "order"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "order"], name="unique_stage_order"),
            models.CheckConstraint(
                condition=~Q(kind__in=sorted(NOTICE_STAGES)) | Q(notice_days__isnull=False, notice_days__gt=0),
                name="notice_stage_has_period",
                violation_error_message=_("A notice stage needs its notice period."),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_notice(self):
        return self.kind in NOTICE_STAGES


class EligibilityCondition(models.Model):
    """A basic condition of the scheme; automatic ones are computed, the rest ticked by staff."""

    scheme = models.ForeignKey(AwardScheme, on_delete=models.CASCADE, related_name="conditions")
    applicant_kind = models.CharField(
        _("applies to"), max_length=20, choices=ApplicantKind.choices, blank=True, help_text=_("Empty: everyone.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    check_kind = models.CharField(_("how it is checked"), max_length=30, choices=ConditionCheck.choices)
    parameter = models.PositiveSmallIntegerField(_("number"), null=True, blank=True)
    text = models.TextField(_("condition"))
    article = models.CharField(**ARTICLE)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("eligibility condition")
        verbose_name_plural = _("eligibility conditions")
        ordering = ["scheme", "order", "id"]

    def __str__(self):
        return self.text[:60]


class Sanction(models.Model):
    """A ban on re-applying after fraud, bribery or revocation."""

    scheme = models.ForeignKey(AwardScheme, on_delete=models.CASCADE, related_name="sanctions")
    cause = models.CharField(_("cause"), max_length=20, choices=SanctionCause.choices)
    bar_value = models.PositiveSmallIntegerField(_("barred for"))
    bar_unit = models.CharField(_("unit"), max_length=12, choices=PeriodUnit.choices, default=PeriodUnit.YEARS)
    consequence = models.TextField(_("other consequences"), blank=True)
    article = models.CharField(**ARTICLE)
    grounds = models.JSONField(
        _("grounds of revocation it covers"),
        default=list,
        blank=True,
        help_text=_("Codes of the grounds for which an award is revoked under this sanction."),
    )
    window_years = models.PositiveSmallIntegerField(
        _("revocation only within (years after the award)"), null=True, blank=True
    )
    window_within_validity = models.BooleanField(_("revocation only while the award is valid"), default=False)
    window_article = models.CharField(_("article of the window"), max_length=100, blank=True)
    reclaims_prize = models.BooleanField(_("the prize money is reclaimed"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("sanction")
        verbose_name_plural = _("sanctions")
        ordering = ["scheme", "cause"]
        constraints = [models.UniqueConstraint(fields=["scheme", "cause"], name="unique_sanction_cause")]

    def __str__(self):
        return f"{self.get_cause_display()}: {self.bar_value} {self.get_bar_unit_display()}"


class CalendarYear(models.Model):
    """A year whose holiday arrangement the office entered (the State Council's notice).

    For such a year the calendar trusts only the office's table: weekdays work, weekends rest,
    except the days listed in ``CalendarDay``.
    """

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    source = models.CharField(_("source"), max_length=200, help_text=_("e.g. 国办发明电〔2026〕x号"))
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True)
    entered_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("holiday arrangement")
        verbose_name_plural = _("holiday arrangements")
        ordering = ["-year"]
        # The calendar is national: a change shifts every authority's deadlines, so editing it (years
        # and days alike) is a permission of its own, which no authority role grants.
        permissions = [("edit_working_day_calendar", _("Can edit the national working-day calendar"))]

    def __str__(self):
        return str(self.year)


class CalendarDay(models.Model):
    """A day that differs from the plain week: a holiday on a weekday, or a weekend working day."""

    date = models.DateField(_("date"), unique=True)
    is_workday = models.BooleanField(_("working day"))
    name = models.CharField(_("note"), max_length=50, blank=True, help_text=_("e.g. 春节, 调休上班"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date} {self.name}"


class Cycle(models.Model):
    """One round (届) of a scheme, from the call to the announcement, under the edition of the
    rulebook that was current when it opened (``scheme``)."""

    scheme = models.ForeignKey(AwardScheme, on_delete=models.PROTECT, related_name="cycles")
    name = models.CharField(_("name"), max_length=50, help_text=_("e.g. 第五届"))
    year = models.PositiveSmallIntegerField(_("year"))
    call_text = models.TextField(_("call for applications"))
    submission_deadline = models.DateTimeField(_("submission deadline"))
    state = models.CharField(_("state"), max_length=10, choices=CycleState.choices, default=CycleState.OPEN)
    opened_at = models.DateTimeField(_("opened"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        verbose_name = _("cycle")
        verbose_name_plural = pgettext_lazy("model name", "cycles")
        ordering = ["-year", "-opened_at"]
        # One open cycle per edition; across the editions of a scheme ``cycle_create`` keeps it so.
        constraints = [
            models.UniqueConstraint(
                fields=["scheme"], condition=Q(state=CycleState.OPEN), name="one_open_cycle_per_scheme"
            ),
            models.UniqueConstraint(fields=["scheme", "name"], name="unique_cycle_name"),
        ]

    def __str__(self):
        return f"{self.scheme.name} {self.name}"

    @property
    def authority(self):
        return self.scheme.authority


class CycleStage(models.Model):
    """A stage of one cycle's timetable, copied from the scheme's pipeline when the cycle opens."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="stages")
    definition = models.ForeignKey(StageDefinition, on_delete=models.PROTECT, related_name="+")
    order = models.PositiveSmallIntegerField(_("order"))
    kind = models.CharField(_("kind"), max_length=30, choices=StageKind.choices)
    name = models.CharField(_("name"), max_length=100)
    article = models.CharField(**ARTICLE)
    status = models.CharField(_("status"), max_length=10, choices=StageStatus.choices, default=StageStatus.PENDING)
    planned_start = models.DateField(_("planned start"))
    planned_end = models.DateField(_("planned end"))
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    skipped = models.BooleanField(_("not held"), default=False)
    dates_provisional = models.BooleanField(
        _("dates provisional"),
        default=False,
        help_text=_("The planned dates run into a year whose holiday arrangement is not entered yet."),
    )
    not_before_end = models.DateTimeField(
        _("cannot end before"),
        null=True,
        blank=True,
        help_text=_("Set by a notice: the stage that follows cannot begin before the notice has ended."),
    )

    class Meta:
        verbose_name = _("cycle stage")
        verbose_name_plural = _("cycle stages")
        ordering = ["cycle", "order"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "order"], name="unique_cycle_stage_order"),
            models.UniqueConstraint(
                fields=["cycle"], condition=Q(status=StageStatus.CURRENT), name="one_current_stage_per_cycle"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_notice(self):
        return self.kind in NOTICE_STAGES
