"""A ballot page is never cached."""

import datetime

import pytest
from django.urls import reverse

from applications.enums import ApplicationStatus
from awards.models import Candidacy
from awards.services import votes as services

from .conftest import make_application

pytestmark = pytest.mark.django_db


def test_ballot_page_is_no_store(client, cycle, district, tier, staff, committee_member):
    application = make_application(cycle, district, "甲公司", status=ApplicationStatus.CANDIDATE)
    Candidacy.objects.create(application=application, tier=tier, rank=1, proposed_by=staff)
    vote = services.vote_open(cycle, tier, by=staff, closes_on=datetime.date(2026, 12, 1))
    client.force_login(committee_member)
    response = client.get(reverse("awards:ballot", args=[vote.pk]))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
