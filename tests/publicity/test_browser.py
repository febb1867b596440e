import re

import pytest
from django.urls import reverse

from publicity.models import Objection

from .conftest import png_bytes
from .helpers import publish


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_public_files_objection_in_chinese_and_gets_reference(live_server, page, staff, notice_stage, listed):
    notice = publish(notice_stage, staff)

    page.goto(live_server.url + reverse("publicity:public-detail", args=[notice.pk]))
    assert "随州市甲机械有限公司" in page.content()
    page.get_by_role("link", name="提出异议").click()
    assert page.locator("h1").inner_text() == "提出异议"
    page.select_option("select[name=entry]", label="随州市乙食品有限公司（曾都区）")
    page.check("input[name=kind][value=individual]")
    page.fill("input[name=name]", "王建国")
    page.fill("input[name=phone]", "13800000000")
    page.fill("input[name=address]", "兰州市城关区庆阳路1号")
    page.fill("input[name=id_number]", "620102198001010011")
    page.set_input_files(
        "input[name=identity_document]", {"name": "身份证.png", "mimeType": "image/png", "buffer": png_bytes()}
    )
    page.fill("textarea[name=content]", "该单位近五年内发生过重大质量事故，不符合申报条件。")
    page.get_by_role("button", name="提交异议").click()

    reference = page.locator("#reference").inner_text().strip()
    assert re.fullmatch(r"YY-[A-Z2-9]{4}-[A-Z2-9]{4}", reference)
    objection = Objection.objects.get()
    assert (objection.reference, objection.entry.display_name) == (reference, "随州市乙食品有限公司")
    page.get_by_role("link", name="查询异议处理情况").click()
    assert page.locator("#objection-status").inner_text() == "审查中"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_refresh_after_filing_files_nothing_twice_and_a_form_with_errors_asks_for_the_file_again(
    live_server, page, staff, notice_stage, listed
):
    authority = notice_stage.cycle.scheme.authority
    authority.office_phone = "0722-3251234"
    authority.save()
    notice = publish(notice_stage, staff)

    page.goto(live_server.url + reverse("publicity:object", args=[notice.pk]))
    page.check("input[name=kind][value=individual]")
    page.fill("input[name=name]", "王建国")
    page.fill("input[name=phone]", "13800000000")
    page.fill("input[name=address]", "兰州市城关区庆阳路1号")
    page.set_input_files(
        "input[name=identity_document]", {"name": "身份证.png", "mimeType": "image/png", "buffer": png_bytes()}
    )
    page.fill("textarea[name=content]", "该单位近五年内发生过重大质量事故。")
    page.get_by_role("button", name="提交异议").click()  # the identity number is missing (第二十八条)

    assert "身份证.png" in page.locator("#files-dropped").inner_text()
    assert "0722-3251234" in page.locator("#office-contact").inner_text()
    assert Objection.objects.count() == 0
    page.fill("input[name=id_number]", "620102198001010011")
    page.set_input_files(
        "input[name=identity_document]", {"name": "身份证.png", "mimeType": "image/png", "buffer": png_bytes()}
    )
    page.get_by_role("button", name="提交异议").click()

    reference = page.locator("#reference").inner_text().strip()
    page.reload()
    assert page.locator("#reference").inner_text().strip() == reference
    assert "0722-3251234" in page.locator("#office-contact").inner_text()
    assert Objection.objects.count() == 1
    assert Objection.objects.get().reference == reference
