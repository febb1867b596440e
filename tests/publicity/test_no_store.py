"""An objector's answer letter, downloadable without an account by its reference, is not cached."""

import pytest
from django.urls import reverse

from publicity.enums import ObjectionStatus
from publicity.services.objections import objection_decide

from .helpers import identified_objection, publish

pytestmark = pytest.mark.django_db


def test_answer_letter_downloaded_anonymously_is_no_store(client, staff, notice_stage, listed):
    objection = identified_objection(publish(notice_stage, staff))
    objection_decide(objection, by=staff, finding=ObjectionStatus.UNFOUNDED, answer="经调查，异议不成立。")
    response = client.get(reverse("publicity:objection-answer-pdf", args=[objection.reference]))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_the_public_notice_page_stays_cacheable(client, staff, notice_stage, listed):
    notice = publish(notice_stage, staff)
    response = client.get(reverse("publicity:public-detail", args=[notice.pk]))
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
