"""Run by test_sqlite_autosave.py in a process of its own, on the embedded settings (a SQLite file, no
Redis), as `make run` has them: migrate, then save many report items at once from real threads through
the autosave view. Prints a JSON summary.

    DATABASE_URL=sqlite:////tmp/x.sqlite3 DEBUG=true python -m tests.applications.sqlite_autosave_run [deferred]

With ``deferred`` the SQLite options of before (no WAL, no busy wait, deferred transactions) are used,
to show what the test guards against.
"""

import json
import os
import sys
import threading

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qualityaward.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from applications.models import ReportSection  # noqa: E402
from tests import factories  # noqa: E402
from tests.applications.dossier_support import make_organisation, open_cycle, start  # noqa: E402

WRITERS = 8
SAVES = 6


def main(deferred: bool) -> dict:
    if deferred:
        connections["default"].close()
        connections["default"].settings_dict["OPTIONS"] = {}
    call_command("migrate", verbosity=0)
    journal = connection.cursor().execute("PRAGMA journal_mode").fetchone()[0]
    authority = factories.AuthorityFactory(region="随州市")
    district = factories.DistrictFactory(authority=authority, name="曾都区")
    scheme = factories.make_scheme(authority)
    category = scheme.categories.get()
    category.rubric = factories.make_rubric(code="wide", items=[(10, f"条目{n}") for n in range(WRITERS)])
    category.save()
    applicant = factories.UserFactory(username="embedded-applicant")
    application = start(open_cycle(scheme), make_organisation(district, members=[applicant]), applicant)
    items = list(category.rubric.sections.order_by("order").values_list("items__pk", flat=True))
    connection.close()

    barrier = threading.Barrier(WRITERS, timeout=60)
    statuses, errors = [], []
    clients = {}
    for item_id in items:  # one browser tab per item, logged in beforehand
        clients[item_id] = Client(SERVER_NAME="127.0.0.1")
        clients[item_id].force_login(applicant)
    connection.close()

    def write(item_id):
        client = clients[item_id]
        url = reverse("applications:report-autosave", args=[application.pk, item_id])
        try:
            barrier.wait()
            for n in range(SAVES):
                response = client.post(url, {"text": f"第{item_id}项第{n}稿"})
                statuses.append(response.status_code)
        except Exception as error:  # "database is locked" surfaces here when it is raised
            errors.append(f"{type(error).__name__}: {error}")
            barrier.abort()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(item_id,)) for item_id in items]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    stored = {str(section.item_id): section.text for section in ReportSection.objects.filter(application=application)}
    return {
        "journal_mode": journal,
        "transaction_mode": connection.transaction_mode,
        "statuses": sorted(set(statuses)),
        "saves": len(statuses),
        "errors": sorted(set(errors)),
        "lost": sorted(
            str(item_id) for item_id in items if stored.get(str(item_id)) != f"第{item_id}项第{SAVES - 1}稿"
        ),
    }


if __name__ == "__main__":
    print(json.dumps(main(deferred="deferred" in sys.argv[1:]), ensure_ascii=False))
