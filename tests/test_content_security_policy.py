"""A Content-Security-Policy on every kind of page, and no inline script anywhere for it to allow."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def assert_strict(response):
    directives = policy(response)
    assert directives["script-src"] == ["'self'"]
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"] and directives["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in directives["script-src"] and "'unsafe-eval'" not in directives["script-src"]


def test_public_pages_carry_the_policy(client):
    for url in (reverse("public-home"), reverse("publicity:public-list"), reverse("accounts:login"), "/nowhere/"):
        assert_strict(client.get(url))


def test_admin_login_carries_the_policy(client):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 200
    assert_strict(response)


@pytest.mark.parametrize(
    ("persona", "url_name"),
    [
        ("applicant", "applications:my-applications"),
        ("staff", "cycles:list"),
        ("staff", "admin:index"),
        ("supervisor", "cycles:list"),
        ("reviewer", "reviews:mine"),
        ("committee_member", "awards:my-votes"),
        ("department_user", "applications:recommendation-list"),
    ],
)
def test_pages_of_every_role_carry_the_policy(client, request, persona, url_name):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    assert_strict(response)


def test_no_template_has_an_inline_script_or_an_event_handler_attribute():
    inline_script = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
    handler = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
    javascript_url = re.compile(r"javascript:", re.IGNORECASE)
    offenders = []
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for pattern in (inline_script, handler, javascript_url):
            offenders += [f"{path.relative_to(TEMPLATES)}: {match.group(0)}" for match in pattern.finditer(text)]
    assert offenders == []
