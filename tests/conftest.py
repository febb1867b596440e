"""Personas for every role, in two authorities, so that each view has an allowed and a denied test."""

import os
import uuid

import pytest
from django.utils import translation
from guardian.shortcuts import _get_ct_cached

from accounts.enums import DEPARTMENT_PERMISSION, AuthorityPermission
from tests import factories

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.COLD_MEDIA_ROOT = tmp_path / "cold-media"


@pytest.fixture(autouse=True)
def _site_language():
    """Each test starts in the site's language: a request in English leaves English active in its
    thread (LocaleMiddleware does not switch back), which would change the messages of later tests."""
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _own_rate_limit_counters(settings):
    """Rate-limit counters live in the shared Redis: each test counts under a prefix of its own."""
    settings.RATELIMIT_CACHE_PREFIX = f"rl:{uuid.uuid4().hex}:"


@pytest.fixture
def authority(db):
    return factories.AuthorityFactory(name="随州市人民政府", region="随州市")


@pytest.fixture
def other_authority(db):
    return factories.AuthorityFactory(name="兰州市人民政府", region="兰州市")


@pytest.fixture
def district(authority):
    return factories.DistrictFactory(authority=authority, name="曾都区")


@pytest.fixture
def department(authority, district):
    department = factories.DepartmentFactory(authority=authority, name="曾都区人民政府")
    department.districts.add(district)
    return department


@pytest.fixture
def staff(authority):
    return factories.make_staff(authority, username="staff")


@pytest.fixture
def other_staff(other_authority):
    return factories.make_staff(other_authority, username="other-staff")


@pytest.fixture
def supervisor(authority):
    return factories.make_supervisor(authority, username="supervisor")


@pytest.fixture
def committee_member(authority):
    return factories.make_committee_member(authority, username="committee")


@pytest.fixture
def reviewer(authority):
    return factories.make_reviewer(authority, username="reviewer")


@pytest.fixture
def department_user(department):
    return factories.make_department_user(department, username="department")


@pytest.fixture
def applicant(db):
    return factories.UserFactory(username="applicant")


@pytest.fixture
def scheme(authority):
    return factories.make_scheme(authority)


@pytest.fixture
def other_scheme(other_authority):
    return factories.make_scheme(other_authority, code="other-award")


# Playwright drives Debian's Chromium; it cannot download a browser of its own here.
@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "zh-CN"}


@pytest.fixture(autouse=True)
def _warm_guardian_content_types(request):
    """Query counts are pinned at steady state: django-guardian caches, process-wide, the content
    type of each permission it scopes by, and a flush clears that cache; warm it before each test
    so that a count never depends on which test ran before."""
    marker = request.node.get_closest_marker("django_db")
    if marker is not None:
        transactional = marker.kwargs.get("transaction", False)
        request.getfixturevalue("transactional_db" if transactional else "db")
    elif "transactional_db" in request.fixturenames:
        request.getfixturevalue("transactional_db")
    elif "db" in request.fixturenames:
        request.getfixturevalue("db")
    else:
        return

    permissions = [v for k, v in vars(AuthorityPermission).items() if not k.startswith("_")]
    for permission in [*permissions, DEPARTMENT_PERMISSION]:
        _get_ct_cached(*permission.split(".", 1))
