"""Demo: the days pass after the eligibility review and the notices, so the cycles stand at different
stages with real dates and every role finds work on its home page.

晋中's accepted list has been up for two days and runs on; 兰州's city review ended two days ago and
its staff moved the cycle on to the material review, whose group the reviews demo then draws.
Running it twice changes nothing.
"""

import logging

from django.utils import timezone

from accounts.models import User
from applications.enums import ApplicationStatus
from cycles.enums import StageKind
from cycles.errors import CycleError
from cycles.services import current_stage
from publicity.enums import NoticeStatus
from publicity.errors import PublicityError
from publicity.models import Notice

from .steps import advance, pass_days

logger = logging.getLogger(__name__)

NOTICE_RUNNING_DAYS = {"jinzhong": 2}  # days the notice has been up
MOVED_ON = {"lanzhou": (StageKind.ELIGIBILITY, 2)}  # stage decided, days ago


def build(context: dict) -> None:
    for code, cycle in context.get("cycles", {}).items():
        stage = current_stage(cycle)
        if stage is None:
            continue
        if code in NOTICE_RUNNING_DAYS and stage.kind == StageKind.ACCEPTANCE_NOTICE:
            notice = Notice.objects.filter(stage=stage, status=NoticeStatus.PUBLISHED).first()
            if notice is not None and notice.starts_on == timezone.localdate():
                pass_days(cycle, NOTICE_RUNNING_DAYS[code])
        if code in MOVED_ON and stage.kind == MOVED_ON[code][0]:
            undecided = cycle.applications.filter(status=ApplicationStatus.RECOMMENDED).exists()
            if undecided:
                continue
            pass_days(cycle, MOVED_ON[code][1])
            try:
                advance(cycle, by=User.objects.get(username=f"{code}-staff"), reason="资格审核完成，进入材料评审")
            except (CycleError, PublicityError) as error:
                logger.warning("Demo: %s stays at %s: %s", cycle, stage.name, error)
