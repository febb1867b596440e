"""Demo cycles: an open cycle of each of the five awards, opened by its office's staff."""

import datetime

from django.utils import timezone

from accounts.models import User
from cycles.enums import CycleState
from cycles.models import AwardScheme, Cycle
from pipeline.services import cycle_open

DEMO_CYCLES = {
    # scheme code: (cycle name, staff account)
    "suizhou": ("第五届", "suizhou-staff"),
    "qinzhou": ("第七届", "qinzhou-staff"),
    "qingyuan": ("第三届", "qingyuan-staff"),
    "jinzhong": ("第四届", "jinzhong-staff"),
    "lanzhou": ("第三届", "lanzhou-staff"),
}


def build(context: dict) -> None:
    context.setdefault("cycles", {})
    deadline = timezone.make_aware(
        datetime.datetime.combine(timezone.localdate() + datetime.timedelta(days=45), datetime.time(17, 0))
    )
    for code, (name, staff_username) in DEMO_CYCLES.items():
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
