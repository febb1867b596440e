import io

import pytest
from django.core.management import call_command

from applications.models import Application


@pytest.mark.django_db
def test_bench_measures_every_page_and_leaves_nothing_behind():
    out = io.StringIO()
    call_command("bench", sizes="3", repeat=1, stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("working-day calendar: 2000 deadlines")
    table = [line.split() for line in lines if line.strip() and line.split()[-3:-2] == ["3"]]
    assert len(table) == 9
    assert not Application.objects.exists()
