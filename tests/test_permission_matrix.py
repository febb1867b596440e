"""Every URL the project routes, against every role, for GET and for POST.

The world (tests/permission_matrix_support.py) is one cycle of 随州 run to its certificates and a
second one whose material review is under way. For each URL pattern the matrix says where its
arguments point and what each role gets: ``A`` allowed (2xx, a redirect elsewhere than the login
page, or 400/409: the request passed the gate and was refused on its content or state), ``F``
forbidden (403 or 404), ``L`` a redirect to the login page, ``N`` 405 (the method is not served).
A URL pattern missing from the matrix fails the test, so a new URL comes with its row. A POST
that is not allowed changes nothing: no audit entry, no notification.

The POSTs carry no body: the point is the gate, not the form. Each request runs in a savepoint
rolled back after it, so that no role sees what another one did.
"""

import uuid
from dataclasses import dataclass, field
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.contrib import admin
from django.shortcuts import resolve_url
from django.test import Client, override_settings
from django.urls import URLResolver, get_resolver, reverse

from accounts.models import AuditEntry, Notification
from tests.permission_matrix_support import ROLES, build_world, rolled_back

A, F, L, N = "A", "F", "L", "N"
USERS = [role for role in ROLES if role != "anonymous"]
REVIEWERS = ("reviewer", "undeclared_reviewer", "outside_reviewer")
APPLICANTS = ("applicant", "other_applicant")
DEPARTMENTS = ("department", "other_department")
OFFICE = ("staff", "supervisor")


def answers(default, *, anonymous=None, **roles):
    """Every role's answer: ``default``, except the anonymous visitor's and the ones named."""
    table = dict.fromkeys(ROLES, default)
    table["anonymous"] = default if anonymous is None else anonymous
    table.update(roles)
    return table


def only(*allowed, anonymous=L, others=F):
    """Signed-in roles outside ``allowed`` get ``others``; the anonymous visitor goes to log in."""
    return answers(others, anonymous=anonymous, **dict.fromkeys(allowed, A))


PUBLIC = answers(A)
SIGNED_IN = only(*USERS)
NOBODY = only()
POST_ONLY = answers(N, anonymous=L)  # the GET of an action behind the login


@dataclass(frozen=True)
class Row:
    """One URL pattern: its arguments (URL keyword: attribute of the world's objects), then the
    answers to GET and to POST (POST: the same as GET unless given)."""

    kwargs: dict
    get: dict
    post: dict
    query: dict = field(default_factory=dict)  # the query string, the same way: parameter: attribute


def row(get, post=None, *, query=None, **kwargs):
    return Row(kwargs=kwargs, get=get, post=post if post is not None else get, query=query or {})


def action(allowed_post, **kwargs):
    """A POST-only action: 405 to a signed-in GET, the POST as ``allowed_post`` says."""
    return Row(kwargs=kwargs, get=POST_ONLY, post=allowed_post)


# Patterns answered by Django's admin: its own login and its model permissions (see the admin test).
ADMIN_NAMESPACE = "admin"

MATRIX = {
    # The public site and the language switch.
    "public-home": row(PUBLIC),
    "set_language": row(PUBLIC),
    # pipeline
    "pipeline:home": row(SIGNED_IN),
    "pipeline:cycle": row(only(*OFFICE), cycle_id="cycle"),
    "pipeline:advance": row(only("staff"), cycle_id="live_cycle", query={"stage": "live_stage"}),
    "pipeline:open": row(only("staff"), code="scheme"),
    "pipeline:notice-prepare": action(NOBODY, stage_id="stage"),
    # The dossier under review: its group's reviewer reads it once declared, not before.
    "pipeline:dossier-view": row(only("applicant", "department", "reviewer", *OFFICE), pk="live_application"),
    "pipeline:evidence-download": row(only("applicant", "department", "reviewer", *OFFICE), pk="live_evidence"),
    # The kept PDF (trade secrets included) of the finished cycle's dossier.
    "pipeline:dossier-pdf": row(only("applicant", "staff"), pk="application"),
    # accounts
    "accounts:login": row(PUBLIC),
    "accounts:logout": row(answers(N), PUBLIC),
    "accounts:password-change": row(SIGNED_IN),
    "accounts:password-changed": row(SIGNED_IN, POST_ONLY),
    "accounts:password-reset": row(PUBLIC),
    "accounts:password-reset-sent": row(PUBLIC, answers(N)),
    "accounts:password-reset-confirm": row(PUBLIC, uidb64="uidb64", token="token"),
    "accounts:password-reset-complete": row(PUBLIC, answers(N)),
    "accounts:inbox": row(SIGNED_IN),
    "accounts:notification-open": action(only("applicant"), notification_id="notification"),
    "accounts:audit-trail": row(only(*OFFICE), authority_id="authority"),
    "accounts:audit-verify": row(only(*OFFICE), authority_id="authority"),
    # cycles: the rulebook is the office's; the national calendar and the rubrics are everyone's staff's
    "cycles:list": row(SIGNED_IN),
    "cycles:scheme": row(PUBLIC, code="scheme"),
    "cycles:scheme-history": row(only(*OFFICE), code="scheme"),
    "cycles:shipped": row(only(*OFFICE), only("staff"), code="scheme"),
    "cycles:calendar-history": row(only("staff", "other_staff", "supervisor")),
    "cycles:rubric-import": row(only("staff", "other_staff")),
    "cycles:rubric-template": row(only("staff", "other_staff")),
    "cycles:cycle-rules": row(only(*OFFICE), only("staff"), cycle_id="cycle"),
    "cycles:public": row(PUBLIC, cycle_id="cycle"),
    "cycles:stage-held": action(only("staff"), cycle_id="live_cycle", stage_id="live_stage"),
    # register: public register and verification, the office's records and its keeping
    "register:list": row(PUBLIC),
    "register:export": row(PUBLIC),
    "register:verify": row(PUBLIC),
    "register:verify-code": row(PUBLIC, code="certificate_code"),
    "register:record": row(only(*OFFICE), pk="record"),
    "register:certificate": row(only(*OFFICE), pk="record"),
    "register:payment": action(only("staff"), pk="record"),
    "register:repayment": action(only("staff"), pk="record"),
    "register:revoke": action(only("staff"), pk="record"),
    "register:reassessment-open": action(only("staff"), pk="record"),
    "register:reassessment-decide": action(only("staff"), pk="record", reassessment_id="reassessment"),
    "register:visit": action(only("staff"), pk="record"),
    "register:visit-close": action(only("staff"), pk="record", visit_id="visit"),
    "register:home": row(only("staff", "other_staff", "supervisor")),
    "register:detail": row(only(*OFFICE), authority_id="authority"),
    "register:earlier-cycle-new": action(only("staff"), authority_id="authority"),
    "register:award-new": action(only("staff"), authority_id="authority"),
    "register:sanction-new": action(only("staff"), authority_id="authority"),
    "register:import": action(only("staff"), authority_id="authority"),
    "register:template": row(only("staff"), authority_id="authority"),
    "register:history": row(only(*OFFICE), authority_id="authority"),
    # applications: registration and the dossier
    "applications:register": row(PUBLIC),
    "applications:register-individual": row(PUBLIC),
    "applications:organisation-new": row(only(*APPLICANTS)),
    "applications:organisation-detail": row(only("applicant"), pk="organisation"),
    "applications:my-applications": row(SIGNED_IN),
    "applications:application-start": row(only(*APPLICANTS), cycle_id="cycle", category_id="category"),
    "applications:dossier": row(only("applicant"), pk="application"),
    "applications:dossier-form": row(only("applicant"), pk="application"),
    # An organisation's application has no team; only an individual's (晋中) does.
    "applications:dossier-team": row(NOBODY, pk="application"),
    "applications:dossier-report": row(only("applicant"), pk="application"),
    "applications:report-autosave": action(only("applicant"), pk="application", item_id="item"),
    "applications:evidence-upload": action(only("applicant"), pk="application"),
    "applications:dossier-submit": action(only("applicant"), pk="application"),
    # How the kept PDF stands, polled by the dossier page: a GET of the owner only.
    "applications:dossier-pdf-status": row(only("applicant"), POST_ONLY, pk="application"),
    "applications:dossier-withdraw": action(only("applicant"), pk="application"),
    "applications:disqualify": action(only("staff"), pk="application"),
    "applications:evidence-secret": action(only("applicant"), pk="evidence"),
    # applications: the recommendation chain and eligibility
    "applications:recommendation-list": row(only(*DEPARTMENTS)),
    # An application submitted to the department of its district, awaiting its recommendation.
    "applications:recommendation-detail": row(only("department"), pk="submitted_application"),
    "applications:recommendation-return": action(only("department"), pk="submitted_application"),
    "applications:recommendation-sign": action(only("department"), pk="submitted_application"),
    "applications:correction-deadline": action(only("department", "staff"), pk="submitted_application"),
    "applications:eligibility-list": row(only(*OFFICE), cycle_id="cycle"),
    "applications:accepted-export": row(only("staff"), cycle_id="cycle"),
    "applications:eligibility-review": row(only(*OFFICE), pk="application"),
    "applications:eligibility-evaluate": action(only("staff"), pk="application"),
    "applications:eligibility-judge": action(only("staff"), pk="application"),
    "applications:eligibility-accept": action(only("staff"), pk="application"),
    "applications:eligibility-refuse": action(only("staff"), pk="application"),
    "applications:recuse": action(only("staff"), pk="application"),
    "applications:eligibility-decision": row(only("applicant", *OFFICE), pk="application"),
    # publicity: the public notices and objections
    "publicity:public-list": row(PUBLIC),
    "publicity:public-past": row(PUBLIC),
    "publicity:public-detail": row(PUBLIC, notice_id="notice"),
    "publicity:object": row(PUBLIC, notice_id="notice"),
    "publicity:object-any-time": row(PUBLIC, cycle_id="cycle"),
    "publicity:objection-status": row(PUBLIC),
    # Where a filing redirects: the reference number is the secret, as on the status page.
    "publicity:objection-filed": row(PUBLIC, reference="objection_reference"),
    # 钦州 第二十条: the objector confirms the investigation; this objection had none to confirm.
    "publicity:objection-confirm": row(answers(N), answers(F), reference="objection_reference"),
    # The objector follows the answer by the reference number, which is the secret.
    "publicity:objection-answer-pdf": row(PUBLIC, reference="objection_reference"),
    # publicity: the office's side
    "publicity:cycle": row(only(*OFFICE), cycle_id="cycle"),
    "publicity:county": row(only(*DEPARTMENTS)),
    "publicity:manage": row(only(*OFFICE), notice_id="notice"),
    "publicity:publish": action(only("staff"), notice_id="notice"),
    "publicity:edit": action(only("staff"), notice_id="notice"),
    "publicity:objection-detail": row(only(*OFFICE), objection_id="objection"),
    "publicity:objection-note": action(only("staff"), objection_id="objection"),
    "publicity:objection-decide": action(only("staff"), objection_id="objection"),
    "publicity:objection-report": action(only("staff"), objection_id="objection"),
    # 钦州 第二十条: committee members give their opinion on objections; 随州 has no such step.
    "publicity:objection-opinion": row(NOBODY, objection_id="objection"),
    "publicity:objection-silence": action(only("staff"), objection_id="objection"),
    "publicity:objection-file": row(only("staff"), objection_id="objection", which="objection_evidence"),
    # reviews: the pool and the profiles
    "reviews:mine": row(SIGNED_IN),
    "reviews:pool": row(only(*OFFICE), only("staff"), authority_id="authority"),
    "reviews:my-profile": row(only(*REVIEWERS), authority_id="authority"),
    "reviews:profile": row(only("reviewer", "staff"), profile_id="profile"),
    "reviews:profile-active": action(only("staff"), profile_id="profile"),
    "reviews:relation-add": action(only("reviewer", "staff"), profile_id="profile"),
    "reviews:relation-remove": action(only("reviewer", "staff"), relation_id="relation"),
    # reviews: the running round, its group and the entry the group reviews
    "reviews:cycle": row(only(*OFFICE), cycle_id="live_cycle"),
    "reviews:round": row(only(*OFFICE), only("staff"), round_id="round"),
    "reviews:round-margin": action(only("staff"), round_id="round"),
    "reviews:round-draw-all": action(only("staff"), round_id="round"),
    "reviews:group": row(only("reviewer", "undeclared_reviewer", *OFFICE), group_id="group"),
    # The declaration comes before the dossier: the one who has declared is sent on.
    "reviews:declare": row(only("reviewer", "undeclared_reviewer"), entry_id="entry"),
    "reviews:dossier": row(only("reviewer"), entry_id="entry"),
    "reviews:score": row(only("reviewer"), entry_id="entry"),
    "reviews:consensus": row(only("reviewer", "staff"), entry_id="entry"),
    "reviews:report": action(only("reviewer"), entry_id="entry"),
    "reviews:decide": action(only("staff"), entry_id="entry"),
    # 庆元 现场评审: the applicant confirms the report; this round does not ask it.
    "reviews:report-confirm": row(NOBODY, entry_id="entry"),
    "reviews:export-xlsx": row(only("reviewer", "staff"), entry_id="entry"),
    "reviews:export-pdf": row(only("reviewer", "staff"), entry_id="entry"),
    "reviews:sheet-reopen": action(only("reviewer"), sheet_id="sheet"),
    # awards: the comprehensive evaluation and the committee's vote (the result: the closed vote;
    # the ballot and the office's actions: the vote still open in the next cycle)
    "awards:evaluation": row(only(*OFFICE), cycle_id="cycle"),
    "awards:public-scores": action(only("staff"), cycle_id="cycle"),
    "awards:propose": action(only("staff"), cycle_id="cycle"),
    "awards:votes": row(only(*OFFICE), cycle_id="cycle"),
    "awards:propose-ranked": action(only("staff"), cycle_id="cycle"),
    "awards:vote-open": action(only("staff"), cycle_id="cycle", tier_id="tier"),
    "awards:vote-open-single": action(only("staff"), cycle_id="cycle"),
    "awards:my-votes": row(SIGNED_IN),
    "awards:result": row(only(*OFFICE), vote_id="vote"),
    "awards:vote-close": action(only("staff"), vote_id="open_vote"),
    "awards:vote-fail": action(only("staff"), vote_id="open_vote"),
    "awards:settle": action(only("staff"), vote_id="open_vote"),
    "awards:ballot": row(only("committee"), vote_id="open_vote"),
    "awards:withdraw": action(only("committee"), vote_id="open_vote"),
    "awards:candidate": row(only("committee", *OFFICE), vote_id="open_vote", application_id="candidate"),
    # awards: after the vote
    "awards:consultation": row(only(*OFFICE), cycle_id="cycle"),
    "awards:consultation-unit": action(only("staff"), cycle_id="cycle"),
    "awards:opinion": action(only("staff"), cycle_id="cycle", opinion_id="opinion"),
    # The approval is recorded: the form is gone, its page stays.
    "awards:approval": row(only(*OFFICE), NOBODY, cycle_id="cycle"),
    "awards:prize-set": action(only("staff"), cycle_id="cycle", tier_id="tier"),
    "awards:announcement": row(only(*OFFICE), cycle_id="cycle"),
    "awards:certificates-issue": action(only("staff"), cycle_id="cycle"),
    "awards:certificates-progress": row(only(*OFFICE), cycle_id="cycle"),
    "awards:certificates-archive": row(only(*OFFICE), cycle_id="cycle"),
    "awards:results": row(PUBLIC, cycle_id="cycle"),
    "awards:outcome": row(only("applicant", *OFFICE), application_id="application"),
    "awards:outcome-certificate": row(only("applicant", *OFFICE), application_id="application"),
    # operations
    "operations:cycle-archives": row(only("staff"), cycle_id="cycle"),
    "operations:archive-request": action(only("staff"), cycle_id="cycle"),
    "operations:archive-download": row(only("staff"), archive_id="archive"),
}


def _walk(patterns, namespace=()):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, (*namespace, pattern.namespace) if pattern.namespace else namespace)
        else:
            yield ":".join((*namespace, pattern.name or str(pattern.pattern))), pattern


def routed_patterns():
    """Every URL pattern the project routes, by its namespaced name, with its pattern object."""
    return list(_walk(get_resolver().url_patterns))


def test_every_routed_url_has_a_row():
    routed = {name: pattern for name, pattern in routed_patterns() if not name.startswith(f"{ADMIN_NAMESPACE}:")}
    assert sorted(set(routed) - set(MATRIX)) == [], "add these URLs to the permission matrix"
    assert sorted(set(MATRIX) - set(routed)) == [], "these rows name URLs that are no longer routed"
    for name, pattern in routed.items():
        assert sorted(MATRIX[name].kwargs) == sorted(pattern.pattern.converters), name
        assert set(MATRIX[name].get) == set(ROLES) == set(MATRIX[name].post), name


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("matrix-media")
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media / "default", COLD_MEDIA_ROOT=media / "cold"),
        rolled_back(),
    ):
        yield build_world()


@pytest.fixture(autouse=True)
def _media_root():
    """The world's files stay where it wrote them: this replaces the suite's per-test media folder,
    and the world's own folder holds for the whole module."""


LOGIN_PATHS = (resolve_url(settings.LOGIN_URL), "/admin/login/")


def answer_of(response) -> str:
    code = response.status_code
    if code in (301, 302, 303, 307, 308):
        return L if response["Location"].split("?")[0] in LOGIN_PATHS else A
    if code in (403, 404):
        return F
    if code == 405:
        return N
    if 200 <= code < 300 or code in (400, 409):
        return A
    return str(code)


def client_of(sessions, role) -> Client:
    client = Client()
    if role != "anonymous":
        client.cookies[settings.SESSION_COOKIE_NAME] = sessions[role]
    return client


def ask(client, method, url):
    """One request in a savepoint rolled back after it, with rate-limit counters of its own; the
    answer and whether it wrote an audit entry or a notification."""
    with rolled_back(), override_settings(RATELIMIT_CACHE_PREFIX=f"rl:{uuid.uuid4().hex}:"):
        before = (AuditEntry.objects.count(), Notification.objects.count())
        response = getattr(client, method)(url)
        changed = (AuditEntry.objects.count(), Notification.objects.count()) != before
    return answer_of(response), changed


def _table(answers_by_role):
    return " ".join(f"{role}={answers_by_role[role]}" for role in ROLES)


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_url_answers_every_role_as_the_matrix_says(world, db, name):
    _users, sessions, objects = world
    entry = MATRIX[name]
    url = reverse(name, kwargs={key: getattr(objects, attr) for key, attr in entry.kwargs.items()})
    if entry.query:
        url += "?" + urlencode({key: getattr(objects, attr) for key, attr in entry.query.items()})
    clients = {role: client_of(sessions, role) for role in ROLES}
    got = {"get": {}, "post": {}}
    wrote = []
    for method in ("get", "post"):
        for role in ROLES:
            got[method][role], changed = ask(clients[role], method, url)
            expected = getattr(entry, method)[role]
            if changed and (expected != A or method == "get"):
                wrote.append(f"{method.upper()} by {role}")
    assert (got["get"], got["post"]) == (entry.get, entry.post), (
        f"{name} {url}\n  GET  {_table(got['get'])}\n  POST {_table(got['post'])}"
    )
    assert wrote == [], f"{name}: refused requests changed the state: {wrote}"


def test_admin_sends_everyone_but_staff_to_its_login(world, db):
    """Django's admin (the rulebook and records): staff of an authority enter, each model as its
    model permissions allow; everyone else is sent to the admin's login."""
    users, sessions, _objects = world
    changelists = [
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist") for model in admin.site._registry
    ]
    for role in ROLES:
        client = client_of(sessions, role)
        staff = role in ("staff", "other_staff")
        assert ask(client, "get", reverse("admin:index"))[0] == (A if staff else L), role
        for url, model in zip(changelists, admin.site._registry, strict=True):
            if staff:
                user = users[role]
                allowed = user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}") or user.has_perm(
                    f"{model._meta.app_label}.change_{model._meta.model_name}"
                )
                expected = A if allowed else F
            else:
                expected = L
            assert ask(client, "get", url) == (expected, False), (role, url)


def test_health_endpoint_answers_everyone(client, db):
    """/health/ is answered by a middleware before any URL is resolved (it is in no URL pattern)."""
    assert client.get("/health/").status_code == 200
