"""One complete cycle of a shipped scheme driven through the real pages in Chromium, each step by
the party who acts (tests/browser/whole_cycle.py, one test file per scheme).

The people of the cycle (staff, the department, reviewers in the pool, committee members) are set
up as in tests/lifecycle_support.py; everything the cycle does goes through the pages, each party
in a browser context of its own. The cycle's order of stages is read from the database, as the
office reads it on the cycle's page; periods end by the test's own clock (``Clock``), which moves
the dates a period is judged by into the past, and the periodic task closes the notices due.
"""

import datetime
import re
from pathlib import Path

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from applications.enums import ApplicationStatus
from applications.models import Application
from cycles.enums import ApplicantKind, CycleState
from cycles.models import Cycle
from demo.applications import demo_credit_code, tiny_pdf, tiny_png
from publicity.enums import NoticeStatus, ObjectionStatus
from publicity.models import Notice, Objection
from publicity.services import investigation
from publicity.services.notices import close_due_notices
from register.models import AwardRecord
from reviews.models import RoundEntry
from reviews.services import groups
from tests import factories
from tests.lifecycle_support import PASSWORD, REGIONS, K, World

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"
TIMEOUT_MS = 20_000
REVIEW_STAGES = (K.MATERIAL_REVIEW, K.DEFENCE, K.ONSITE_REVIEW)
NOTICE_KINDS = (K.COUNTY_NOTICE, K.ACCEPTANCE_NOTICE, K.DEFENCE_LIST_NOTICE, K.CANDIDATE_NOTICE)


class Clock:
    """The test's clock: a period ends when the date it is judged by is moved into the past."""

    @staticmethod
    def past():
        return timezone.now() - datetime.timedelta(minutes=1)

    def pass_submission_deadline(self, cycle):
        Cycle.objects.filter(pk=cycle.pk).update(submission_deadline=self.past())

    def end_notice(self, notice):
        """The notice's period runs out; the periodic task closes it, as beat does in production."""
        Notice.objects.filter(pk=notice.pk).update(ends_at=self.past())
        assert notice.pk in close_due_notices()
        assert Notice.objects.get(pk=notice.pk).status == NoticeStatus.CLOSED


class Party:
    """One person (or the public) in a browser context of its own, logged in once."""

    def __init__(self, browser, base_url, user=None, password=factories.PASSWORD):
        self.base_url = base_url
        self.user = user
        self.context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
        self.context.set_default_timeout(TIMEOUT_MS)
        self.page = self.context.new_page()
        if user is not None:
            self.login(password)

    def url(self, path):
        return self.base_url + path

    def goto(self, path):
        self.page.goto(self.url(path))
        return self.page

    def login(self, password):
        page = self.goto(reverse("accounts:login"))
        page.fill("input[name=username]", self.user.username)
        page.fill("input[name=password]", password)
        page.locator("main form button[type=submit]").click()
        page.wait_for_url(self.url(reverse("pipeline:home")))

    def submit(self, form):
        """Submit ``form`` (a locator) with its submit control and wait for the page that answers."""
        with self.page.expect_navigation():
            form.locator("button:not([type=button]), input[type=submit]").last.click()
        return self.page

    def success(self):
        expect(self.page.locator("main .alert-success").first).to_be_visible()


class BrowserCycle(World):
    """A shipped scheme's cycle run through the pages; ``run()`` walks it from the call to the register."""

    def __init__(self, code, browser, base_url):
        super().__init__(code)
        self.browser, self.base_url = browser, base_url
        self.clock = Clock()
        self.parties = {}
        self.shots = SCREENSHOTS / code
        self.shots.mkdir(parents=True, exist_ok=True)
        for old in self.shots.glob("*.png"):
            old.unlink()
        self.shot_count = 0
        self.public = Party(browser, base_url)
        self.objection = None
        self.certificate_code = None

    # People and screenshots -----------------------------------------------------------------

    def as_(self, user, password=factories.PASSWORD) -> Party:
        party = self.parties.get(user.pk)
        if party is None:
            party = self.parties[user.pk] = Party(self.browser, self.base_url, user, password)
        return party

    @property
    def office(self) -> Party:
        return self.as_(self.staff)

    def shot(self, party, name):
        self.shot_count += 1
        party.page.screenshot(path=str(self.shots / f"{self.shot_count:02d}-{name}.png"), full_page=True)

    def close(self):
        for party in [self.public, *self.parties.values()]:
            party.context.close()

    # The cycle's page -------------------------------------------------------------------------

    def cycle_page(self) -> Party:
        office = self.office
        office.goto(reverse("pipeline:cycle", args=[self.cycle.pk]))
        return office

    def expect_refused(self):
        """The cycle's page shows that the current stage may not end yet, each reason citing its article."""
        page = self.cycle_page().page
        unmet = page.locator("#conditions li.text-danger")
        expect(unmet.first).to_be_visible()
        reasons = [text.strip() for text in unmet.locator(".small").all_inner_texts()]
        assert reasons and all(reason.startswith("依据") for reason in reasons), reasons  # each cites its article
        self.refused.append(self.stage().kind)

    def advance(self, *, name=None):
        """The office ends the current stage from the cycle's page, confirming in the page."""
        stage = self.stage()
        office = self.cycle_page()
        page = office.page
        expect(page.locator("#conditions li.text-danger")).to_have_count(0)
        page.locator("#advance").click()
        page.wait_for_url(re.compile(r"/advance/"))
        if name:
            self.shot(office, name)
        form = page.locator("main form[action$='/advance/']")
        form.locator("input[name=confirm]").check()
        undecided = form.locator("input[name=confirm_undecided]")
        if undecided.count():
            undecided.check()
        form.locator("textarea[name=reason]").fill("按计划进入下一环节")
        office.submit(form)
        office.success()
        following = self.stage()
        assert following is None or following.pk != stage.pk, f"{stage.kind} did not end"

    # The steps ------------------------------------------------------------------------------

    def open_cycle(self):
        office = self.office
        page = office.goto(reverse("cycles:list"))
        page.locator(f"main a[href='{reverse('pipeline:open', args=[self.code])}']").click()
        form = page.locator("main form")
        form.locator("input[name=name]").fill("第一届")
        form.locator("textarea[name=call_text]").fill(f"关于开展{self.scheme.name}评选活动的通知。")
        deadline = timezone.localtime() + datetime.timedelta(days=30)
        form.locator("input[name=submission_deadline]").fill(deadline.strftime("%Y-%m-%dT17:00"))
        self.shot(office, "open-cycle")
        office.submit(form)
        if page.url.endswith("/open/"):  # sooner than the scheme's interval: the page asks to confirm
            page.locator("main form input[name=confirm_early]").check()
            office.submit(page.locator("main form"))
        page.wait_for_url(re.compile(r"/cycles/\d+/$"))
        self.cycle = Cycle.objects.get(pk=int(page.url.rstrip("/").split("/")[-1]))
        assert self.cycle.scheme_id == self.scheme.pk
        self.shot(office, "cycle-opened")

    def register_applicant(self):
        """The applicant registers its account and organisation on the public registration page."""
        code = self.code
        party = Party(self.browser, self.base_url)
        page = party.goto(reverse("applications:register"))
        values = {
            "account-username": f"{code}-applicant",
            "account-display_name": f"{code}申报联系人",
            "account-email": f"{code}-applicant@example.org",
            "account-phone": "13800000001",
            "account-password1": PASSWORD,
            "account-password2": PASSWORD,
            "organisation-name": f"{self.authority.region}精密制造有限公司",
            "organisation-credit_code": demo_credit_code(REGIONS[code], 1),
            "organisation-registered_on": "2010-03-15",
            "organisation-address": f"{self.authority.region}工业大道10号",
            "organisation-contact_name": "联系人",
            "organisation-contact_phone": "13800000001",
            "organisation-contact_email": f"{code}-applicant@example.org",
        }
        for name, value in values.items():
            page.fill(f"main [name='{name}']", value)
        page.check("main [name='organisation-legal_person']")
        page.select_option("main [name='organisation-industry']", "manufacturing")
        page.select_option("main [name='organisation-district']", str(self.district.pk))
        self.shot(party, "register")
        party.submit(page.locator("main form"))
        page.wait_for_url(party.url(reverse("applications:my-applications")))
        self.applicant = User.objects.get(username=f"{code}-applicant")
        self.parties[self.applicant.pk] = party
        party.user = self.applicant

    def apply(self):
        """The applicant starts its application, fills the form and the report, attaches evidence, submits."""
        party = self.as_(self.applicant, PASSWORD)
        page = party.page
        category = self.scheme.categories.filter(applicant_kind=ApplicantKind.ORGANISATION).order_by("order", "pk")[0]
        start = reverse("applications:application-start", args=[self.cycle.pk, category.pk])
        page.locator(f"#calls a[href='{start}']").click()
        party.submit(page.locator("main form"))
        page.wait_for_url(re.compile(r"/applications/\d+/$"))
        self.application = Application.objects.get(pk=int(page.url.rstrip("/").split("/")[-1]))

        # The application form, its economic indicators and declarations.
        party.goto(reverse("applications:dossier-form", args=[self.application.pk]))
        form = page.locator("main form")
        form.locator("[name=legal_representative]").fill("王建国")
        form.locator("[name=employees]").fill("420")
        form.locator("[name=main_business]").fill("精密零部件的研发、生产和销售。")
        form.locator("[name=profile]").fill("本地区重点企业，建立了完善的质量管理体系。")
        form.locator("[name=certifications]").fill("ISO 9001 质量管理体系认证")
        indicators = form.locator("input[name^=indicator_]")
        for n in range(indicators.count()):
            indicators.nth(n).fill("1200.00")
        declarations = form.locator("input[name^=declaration_]")
        assert declarations.count(), "every shipped scheme has conditions the applicant declares"
        for n in range(declarations.count()):
            declarations.nth(n).check()
        party.submit(form)
        party.success()

        # The self-evaluation report, item by item, saved as typed.
        party.goto(reverse("applications:dossier-report", args=[self.application.pk]))
        texts = page.locator("textarea[data-autosave-url]")
        for n in range(texts.count()):
            texts.nth(n).fill(f"第{n + 1}项自评：方针目标明确，措施与成效有数据支撑。")
        page.wait_for_function(
            """() => [...document.querySelectorAll('textarea[data-autosave-url]')].every(
                t => document.getElementById(t.dataset.statusId).textContent.trim() === t.dataset.savedText)"""
        )
        page.set_input_files(
            "main input[name=file]", {"name": "认证证书.pdf", "mimeType": "application/pdf", "buffer": tiny_pdf()}
        )
        page.locator("main [name=description]").fill("认证证书")
        with page.expect_navigation():
            page.locator("#upload-evidence").click()
        party.success()
        self.shot(party, "report")

        party.goto(reverse("applications:dossier", args=[self.application.pk]))
        expect(page.locator("#missing")).to_have_count(0)
        page.locator("#confirm-submit").check()
        with page.expect_navigation():
            page.locator("#submit-dossier").click()
        expect(page.locator("#pdf-link")).to_be_visible()
        expect(page.locator("#status")).to_have_text("已提交")
        self.shot(party, "submitted")
        assert self.refresh().status == ApplicationStatus.SUBMITTED

    def recommend(self):
        party = self.as_(self.department_user)
        page = party.goto(reverse("applications:recommendation-list"))
        page.locator(
            f"#awaiting a[href='{reverse('applications:recommendation-detail', args=[self.application.pk])}']"
        ).click()
        form = page.locator(
            f"main form[action='{reverse('applications:recommendation-sign', args=[self.application.pk])}']"
        )
        form.locator("[name=opinion]").fill("经审核，该单位符合申报条件，同意推荐。")
        form.locator("[name=signer_name]").fill("李局长")
        form.locator("[name=signed_on]").fill(timezone.localdate().isoformat())
        self.shot(party, "recommend")
        party.submit(form)
        party.success()
        assert self.refresh().status == ApplicationStatus.RECOMMENDED

    def check_eligibility(self):
        if self.refresh().status == ApplicationStatus.SUBMITTED:
            self.recommend()  # Qingyuan: the departments give their opinion during the eligibility review
        self.expect_refused()  # recommended, not decided yet
        office = self.office
        page = office.goto(reverse("applications:eligibility-list", args=[self.cycle.pk]))
        page.locator(
            f"#eligibility-list a[href='{reverse('applications:eligibility-review', args=[self.application.pk])}']"
        ).click()
        office.submit(page.locator("main form:has(#evaluate)"))
        judged = page.locator("#judge-form #conditions .list-group-item:has(textarea)")
        for n in range(judged.count()):  # every condition staff judge, recorded by one submit
            condition = judged.nth(n)
            condition.locator("input[name$='-met'][value='1']").check()
            condition.locator("textarea[name$='-note']").fill("经核查，符合")
        if judged.count():
            office.submit(page.locator("#judge-form"))
        expect(page.locator("#conditions .outcome.bg-danger, #conditions .outcome.bg-secondary")).to_have_count(0)
        self.shot(office, "eligibility")
        office.submit(page.locator("main form:has(#accept)"))
        assert self.refresh().status == ApplicationStatus.ACCEPTED

    def notice(self, stage, *, object_to_it=False):
        """Publish the notice the stage drafted when it began (the department, for a county notice),
        see the application on its public page, let its period run out, and end the stage."""
        department = self.department if stage.kind == K.COUNTY_NOTICE else None
        notice = Notice.objects.get(stage=stage, department=department)
        assert notice.status == NoticeStatus.DRAFT
        self.expect_refused()  # unpublished
        if department is not None:
            party = self.as_(self.department_user)
            page = party.goto(reverse("publicity:county"))
        else:
            party = self.office
            page = party.goto(reverse("publicity:cycle", args=[self.cycle.pk]))
        page.locator(f"main a[href='{reverse('publicity:manage', args=[notice.pk])}']").click()
        party.submit(page.locator(f"main form[action='{reverse('publicity:publish', args=[notice.pk])}']"))
        party.success()
        notice.refresh_from_db()
        assert notice.status == NoticeStatus.PUBLISHED
        assert list(notice.entries.values_list("application_id", flat=True)) == [self.application.pk]

        public = self.public.goto(reverse("publicity:public-list"))
        public.locator(f"main a[href='{reverse('publicity:public-detail', args=[notice.pk])}']").first.click()
        expect(public.locator("main")).to_contain_text(self.application.title)
        self.shot(self.public, f"notice-{stage.kind}")
        if object_to_it:
            self.object_and_answer(notice)
        self.expect_refused()  # still running
        self.clock.end_notice(notice)
        self.advance()

    def object_and_answer(self, notice):
        """The public files an objection against the listed applicant; the office examines it (with
        the investigation report and the committee's opinions where the scheme wants them) and
        answers in writing; the objector reads the answer on the public status page."""
        public = self.public
        page = public.goto(reverse("publicity:public-detail", args=[notice.pk]))
        page.locator(f"main a[href='{reverse('publicity:object', args=[notice.pk])}']").click()
        form = page.locator("main form")
        form.locator("input[name=kind][value=individual]").check()
        form.locator("input[name=name]").fill("王建国")
        form.locator("input[name=phone]").fill("13800000000")
        form.locator("input[name=address]").fill(f"{self.authority.region}人民路1号")
        form.locator("input[name=id_number]").fill("420102198001010011")
        form.locator("input[name=identity_document]").set_input_files(
            {"name": "身份证.png", "mimeType": "image/png", "buffer": tiny_png()}
        )
        form.locator("textarea[name=content]").fill("该单位近期发生过质量投诉，请核查是否符合申报条件。")
        public.submit(form)
        reference = page.locator("#reference").inner_text().strip()
        self.shot(public, "objection-filed")
        self.objection = Objection.objects.get(reference=reference)
        assert self.objection.status == ObjectionStatus.OPEN

        office = self.office
        page = office.goto(reverse("publicity:manage", args=[notice.pk]))
        page.locator(f"main a[href='{reverse('publicity:objection-detail', args=[self.objection.pk])}']").first.click()
        if investigation.needs_committee(self.objection):
            form = page.locator(
                f"main form[action='{reverse('publicity:objection-report', args=[self.objection.pk])}']"
            )
            form.locator("textarea[name=text]").fill("经实地核查，投诉已依法处理完毕，不影响申报条件。")
            office.submit(form)
            if self.scheme.objection_opinions_required:
                for member in self.committee:
                    party = self.as_(member)
                    member_page = party.goto(reverse("publicity:objection-opinion", args=[self.objection.pk]))
                    form = member_page.locator("main form")
                    form.locator("textarea[name=text]").fill("同意调查结论，异议不成立。")
                    party.submit(form)
                    party.success()
            office.goto(reverse("publicity:objection-detail", args=[self.objection.pk]))
        form = page.locator(f"main form[action='{reverse('publicity:objection-decide', args=[self.objection.pk])}']")
        form.locator(f"input[name=finding][value={ObjectionStatus.UNFOUNDED}]").check()
        form.locator("textarea[name=answer]").fill("经核查，所反映问题已整改完毕，异议不成立，该单位保留在名单中。")
        self.shot(office, "objection-answer")
        office.submit(form)
        self.objection.refresh_from_db()
        assert self.objection.status == ObjectionStatus.UNFOUNDED

        page = public.goto(reverse("publicity:objection-status"))
        form = page.locator("main form")
        form.locator("input[name=reference]").fill(reference)
        public.submit(form)
        expect(page.locator("main")).to_contain_text("异议不成立")
        self.shot(public, "objection-status")

    def review_round(self, stage):
        """The office draws the group; each reviewer declares and scores; the leader records the
        consensus and the report; the office decides that the application goes on."""
        office = self.office
        page = office.goto(reverse("reviews:cycle", args=[self.cycle.pk]))
        entry = RoundEntry.objects.select_related("round").get(round__stage=stage, application=self.application)
        page.locator(f"main a[href='{reverse('reviews:round', args=[entry.round_id])}']").click()
        form = page.locator("main form:has(input[name=entries])")
        form.locator(f"input[name=entries][value='{entry.pk}']").check()
        office.submit(form)
        page.wait_for_url(re.compile(r"/reviews/group/\d+/$"))
        self.shot(office, f"draw-{stage.kind}")
        entry.refresh_from_db()
        members = list(entry.group.members.select_related("reviewer").order_by("-is_leader", "pk"))
        low, _high = groups.group_size_bounds(self.scheme)
        assert len(members) == low
        for member in members:
            party = self.as_(member.reviewer)
            page = party.goto(reverse("reviews:mine"))
            page.locator(f"main a[href='{reverse('reviews:declare', args=[entry.pk])}']").click()
            form = page.locator("main form")
            form.locator("input[name=has_conflict][value=no]").check()
            party.submit(form)
            page.wait_for_url(party.url(reverse("reviews:score", args=[entry.pk])))
            page.eval_on_selector_all(
                "main select[name^=percent_]", "selects => selects.forEach(s => { s.value = '80'; })"
            )
            page.eval_on_selector_all(
                "main textarea[name^=strengths_]", "areas => areas.forEach(a => { a.value = '方针目标明确'; })"
            )
            page.locator("#confirm-final").check()
            with page.expect_navigation():
                page.locator("main button[name=submit]").click()
            expect(page.locator("main .alert-success").first).to_be_visible()
        leader = self.as_(members[0].reviewer)
        page = leader.goto(reverse("reviews:consensus", args=[entry.pk]))
        page.eval_on_selector_all("main select[name^=percent_]", "selects => selects.forEach(s => { s.value = '80'; })")
        leader.submit(page.locator("main form").first)
        leader.page.goto(leader.url(reverse("reviews:consensus", args=[entry.pk])))
        form = page.locator(f"main form[action='{reverse('reviews:report', args=[entry.pk])}']")
        form.locator("textarea[name=text]").fill(f"{entry.round.report_title}：建议进入下一环节。")
        leader.submit(form)
        self.shot(leader, f"consensus-{stage.kind}")
        if entry.round.applicant_confirms_report:
            applicant = self.as_(self.applicant, PASSWORD)
            page = applicant.goto(reverse("reviews:report-confirm", args=[entry.pk]))
            form = page.locator("main form")
            if form.locator("[name=comment]").count():
                form.locator("[name=comment]").fill("无异议")
            applicant.submit(form)
            expect(page.locator("main .alert-success").first).to_be_visible()
        self.expect_refused()  # the application is not decided on yet
        page = office.goto(reverse("reviews:round", args=[entry.round_id]))
        form = page.locator(f"main form[action='{reverse('reviews:decide', args=[entry.pk])}']")
        form.locator("select[name=advance]").select_option("yes")
        form.locator("textarea[name=feedback]").fill("进入下一环节。")
        office.submit(form)
        self.shot(office, f"round-{stage.kind}")
        assert self.refresh().status == ApplicationStatus.ACCEPTED
        self.advance()

    def public_evaluation(self):
        self.expect_refused()
        office = self.office
        page = office.goto(reverse("awards:evaluation", args=[self.cycle.pk]))
        form = page.locator(f"main form[action='{reverse('awards:public-scores', args=[self.cycle.pk])}']")
        form.locator(f"input[name=score_{self.application.pk}]").fill("80")
        office.submit(form)
        office.success()
        self.advance()

    def propose(self):
        self.expect_refused()
        office = self.office
        page = office.goto(reverse("awards:evaluation", args=[self.cycle.pk]))
        ranked = page.locator("#ranked-list-form")
        if ranked.count():
            office.submit(ranked)
        else:
            form = page.locator("#proposal-form")
            form.locator(f"select[name=tier_{self.application.pk}]").select_option(str(self.tier.pk))
            form.locator("textarea[name=feedback]").fill("综合评价得分未进入候选范围。")
            office.submit(form)
        office.success()
        self.shot(office, "evaluation")
        assert self.refresh().status == ApplicationStatus.CANDIDATE
        self.advance()

    def committee_vote(self):
        office = self.office
        page = office.goto(reverse("awards:votes", args=[self.cycle.pk]))
        single = bool(self.scheme.committee_single_vote_article)
        if single:
            office.submit(page.locator("main form:has(#open-single-vote)"))
        else:
            action = reverse("awards:vote-open", args=[self.cycle.pk, self.tier.pk])
            office.submit(page.locator(f"main form[action='{action}']"))
        page.wait_for_url(re.compile(r"/awards/votes/\d+/$"))
        vote_id = int(page.url.rstrip("/").split("/")[-1])
        self.expect_refused()  # the vote is open
        quorum = Cycle.objects.get(pk=self.cycle.pk).scheme.committee_quorum_percent
        voters = max(-(-quorum * len(self.committee) // 100), 1)
        choice = f"tier-{self.tier.pk}" if single else "for"
        for member in self.committee[:voters]:
            party = self.as_(member)
            page = party.goto(reverse("awards:my-votes"))
            page.locator(f"main a[href='{reverse('awards:ballot', args=[vote_id])}']").first.click()
            form = page.locator("#ballot-form")
            form.locator(f"input[name=choice_{self.application.pk}][value='{choice}']").check()
            if member == self.committee[0]:
                self.shot(party, "ballot")
            party.submit(form)
            party.success()
        page = office.goto(reverse("awards:result", args=[vote_id]))
        expect(page.locator("#quorum-reached")).to_be_visible()
        office.submit(page.locator(f"main form[action='{reverse('awards:vote-close', args=[vote_id])}']"))
        expect(page.locator("#tally")).to_contain_text(self.application.title)
        self.shot(office, "vote-result")
        self.advance()

    def consultation(self):
        self.expect_refused()  # no member unit consulted yet
        office = self.office
        page = office.goto(reverse("awards:consultation", args=[self.cycle.pk]))
        form = page.locator(f"main form[action='{reverse('awards:consultation-unit', args=[self.cycle.pk])}']")
        form.locator("input[name=name]").fill("市发展和改革委员会")
        office.submit(form)
        form = page.locator("#opinions form").first
        form.locator("select[name=answer]").select_option("agree")
        form.locator("input[name=reasons]").fill("同意")
        office.submit(form)
        self.shot(office, "consultation")
        self.advance()

    def approval(self):
        self.expect_refused()
        office = self.office
        page = office.goto(reverse("awards:approval", args=[self.cycle.pk]))
        if self.tier.prize_set_per_cycle:
            form = page.locator(
                f"main form[action='{reverse('awards:prize-set', args=[self.cycle.pk, self.tier.pk])}']"
            )
            form.locator("input[name=amount]").fill("100000")
            office.submit(form)
            office.success()
        form = page.locator("main form[enctype='multipart/form-data']")
        form.locator("input[name=issuing_body]").fill(self.authority.name)
        form.locator("input[name=document_number]").fill(f"{self.code}政发〔2026〕1号")
        form.locator("input[name=decided_on]").fill(timezone.localdate().isoformat())
        office.submit(form)
        expect(page.locator("#approval")).to_contain_text(f"{self.code}政发〔2026〕1号")
        self.shot(office, "approval")
        assert not AwardRecord.objects.filter(cycle=self.cycle).exists()  # nothing public before the announcement
        self.advance()

    def announcement(self):
        self.expect_refused()  # no certificate yet
        office = self.office
        page = office.goto(reverse("awards:announcement", args=[self.cycle.pk]))
        office.submit(page.locator(f"main form[action='{reverse('awards:certificates-issue', args=[self.cycle.pk])}']"))
        expect(page.locator("#certificates-progress")).to_contain_text("1 / 1")
        record = AwardRecord.objects.get(cycle=self.cycle)
        self.certificate_code = record.certificate.code
        expect(page.locator("#records")).to_contain_text(self.certificate_code)
        self.shot(office, "announcement")
        self.advance(name="close-cycle")
        assert Cycle.objects.get(pk=self.cycle.pk).state == CycleState.CLOSED

    def register_and_verify(self):
        """The public reads the announced register and verifies the certificate."""
        public = self.public
        page = public.goto(reverse("register:list"))
        expect(page.locator("main")).to_contain_text(self.application.title)
        self.shot(public, "register")
        page = public.goto(reverse("register:verify"))
        form = page.locator("main form")
        form.locator("input[name=code]").fill(self.certificate_code)
        public.submit(form)
        expect(page.locator("#status")).to_have_class(re.compile(r"\balert-success\b"))
        expect(page.locator("main")).to_contain_text(self.application.title)
        self.shot(public, "certificate-verified")

    # The walk ---------------------------------------------------------------------------------

    def run(self):
        """From the call to the register; returns the kinds of stage gone through, in order."""
        self.open_cycle()
        kinds = []
        while (stage := self.stage()) is not None:
            kind = stage.kind
            kinds.append(kind)
            if kind == K.CALL:
                self.advance()
            elif kind == K.APPLICATION:
                self.expect_refused()  # before the submission deadline
                self.register_applicant()
                self.apply()
                self.clock.pass_submission_deadline(self.cycle)
                self.advance()
            elif kind == K.RECOMMENDATION:
                self.recommend()
                self.advance()
            elif kind == K.ELIGIBILITY:
                self.check_eligibility()
                self.advance()
            elif kind in NOTICE_KINDS:
                self.notice(stage, object_to_it=kind == K.CANDIDATE_NOTICE)
            elif kind in REVIEW_STAGES:
                self.review_round(stage)
            elif kind == K.PUBLIC_EVALUATION:
                self.public_evaluation()
            elif kind == K.COMPREHENSIVE_EVALUATION:
                self.propose()
            elif kind == K.COMMITTEE_VOTE:
                self.committee_vote()
            elif kind == K.CONSULTATION:
                self.consultation()
            elif kind == K.GOVERNMENT_APPROVAL:
                self.approval()
            elif kind == K.ANNOUNCEMENT:
                self.announcement()
            else:  # pragma: no cover - a kind of stage no shipped scheme has
                raise AssertionError(f"unexpected stage {kind}")
        self.register_and_verify()
        return kinds
