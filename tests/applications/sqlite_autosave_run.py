"""Run by test_sqlite_autosave.py in a process of its own, on the embedded settings (a SQLite file, no
Redis), as `make run` has them: migrate, then save many report items at once from real threads through
the autosave view, first with the settings' SQLite options, then with SQLite's defaults (no WAL, no busy
wait, deferred transactions) to show what they guard against. Prints a JSON summary of both runs.

    DATABASE_URL=sqlite:////tmp/x.sqlite3 DEBUG=true python -m tests.applications.sqlite_autosave_run
"""

import json
import os
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


def dossier():
    """An applicant's draft whose rubric has one item per writer, and the ids of those items."""
    authority = factories.AuthorityFactory(region="随州市")
    district = factories.DistrictFactory(authority=authority, name="曾都区")
    scheme = factories.make_scheme(authority)
    category = scheme.categories.get()
    category.rubric = factories.make_rubric(code="wide", items=[(10, f"条目{n}") for n in range(WRITERS)])
    category.save()
    applicant = factories.UserFactory(username="embedded-applicant")
    application = start(open_cycle(scheme), make_organisation(district, members=[applicant]), applicant)
    items = list(category.rubric.sections.order_by("order").values_list("items__pk", flat=True))
    return applicant, application, items


def autosave_at_once(applicant, application, items, *, draft: str) -> dict:
    """Each writer, a browser tab of its own, saves its item SAVES times; all start together."""
    journal = connection.cursor().execute("PRAGMA journal_mode").fetchone()[0]
    clients = {}
    for item_id in items:
        clients[item_id] = Client(SERVER_NAME="127.0.0.1")  # as `make run` serves it
        clients[item_id].force_login(applicant)
    connection.close()
    barrier = threading.Barrier(WRITERS, timeout=60)
    statuses, errors = [], []

    def write(item_id):
        url = reverse("applications:report-autosave", args=[application.pk, item_id])
        try:
            barrier.wait()
            for n in range(SAVES):
                statuses.append(clients[item_id].post(url, {"text": f"{draft}{item_id}-{n}"}).status_code)
        except Exception as error:  # "database is locked" surfaces here: an HTTP 500 in the browser
            errors.append(f"{type(error).__name__}: {error}")
            barrier.abort()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(item_id,)) for item_id in items]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    stored = dict(ReportSection.objects.filter(application=application).values_list("item_id", "text"))
    return {
        "journal_mode": journal,
        "transaction_mode": connection.transaction_mode,
        "statuses": sorted(set(statuses)),
        "saves": len(statuses),
        "errors": sorted(set(errors)),
        "lost": sorted(str(i) for i in items if stored.get(i) != f"{draft}{i}-{SAVES - 1}"),
    }


def main() -> dict:
    call_command("migrate", verbosity=0)
    applicant, application, items = dossier()
    embedded = autosave_at_once(applicant, application, items, draft="设置")
    connections.close_all()
    defaults = connections["default"].settings_dict
    defaults["OPTIONS"] = {}
    connection.cursor().execute("PRAGMA journal_mode=DELETE")  # the file's journal as SQLite leaves it
    return {"embedded": embedded, "defaults": autosave_at_once(applicant, application, items, draft="默认")}


if __name__ == "__main__":
    print(json.dumps(main(), ensure_ascii=False))
