"""Demo cycles: an open cycle of each of the five awards, opened by its office's staff, each with its own deadline."""

import datetime

from django.utils import timezone

from accounts.models import User
from cycles.enums import CycleState
from cycles.models import AwardScheme, Cycle
from pipeline.services import cycle_open

DEMO_CYCLES = {
    # scheme code: (cycle name, staff account, days from today to the call's deadline). The cycles that
    # the demo moves past their deadline (demo.eligibility) are then moved into the past with it.
    "suizhou": ("第五届", "suizhou-staff", 30),
    "qinzhou": ("第七届", "qinzhou-staff", 21),
    "qingyuan": ("第三届", "qingyuan-staff", 45),
    "jinzhong": ("第四届", "jinzhong-staff", 30),
    "lanzhou": ("第三届", "lanzhou-staff", 30),
}


def build(context: dict) -> None:
    context.setdefault("cycles", {})
    for code, (name, staff_username, days) in DEMO_CYCLES.items():
        deadline = timezone.make_aware(
            datetime.datetime.combine(timezone.localdate() + datetime.timedelta(days=days), datetime.time(17, 0))
        )
        # the current edition of the rules; an open cycle may run under an earlier one
        scheme = AwardScheme.objects.current().get(code=code)
        cycle = Cycle.objects.filter(scheme__code=code, state=CycleState.OPEN).first()
        if cycle is None:
            cycle = cycle_open(
                scheme,
                by=User.objects.get(username=staff_username),
                name=name,
                year=timezone.localdate().year,
                call_text=f"{scheme.authority.office_name}关于开展{name}{scheme.name}评选活动的通知。\n\n"
                f"凡符合《{scheme.regulation_title}》申报条件的组织，请于截止时间前通过本平台在线提交申报表、"
                "自评报告及佐证材料，并由所在地推荐单位签署推荐意见。",
                submission_deadline=deadline,
                confirm_early=True,
            )
        context["cycles"][code] = cycle
