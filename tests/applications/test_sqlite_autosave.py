"""The embedded SQLite database (`make run`) under the autosave: several report items saved at once
from real threads, each with its own connection, are all stored, without "database is locked".

The run needs the embedded settings exactly as `make run` has them (qualityaward.settings on a SQLite
file, no Redis), while this suite runs on PostgreSQL; so it runs in a process of its own
(tests/applications/sqlite_autosave_run.py) on a fresh file database, and reports back in JSON.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("embedded")
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(
        DEBUG="true",
        DATABASE_URL=f"sqlite:///{folder / 'embedded.sqlite3'}",
        MEDIA_ROOT=str(folder / "media"),
        DJANGO_SETTINGS_MODULE="qualityaward.settings",
    )
    result = subprocess.run(
        [sys.executable, "-m", "tests.applications.sqlite_autosave_run"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_concurrent_autosaves_on_the_embedded_sqlite_database_are_all_stored(runs):
    result = runs["embedded"]
    assert (result["journal_mode"], result["transaction_mode"]) == ("wal", "IMMEDIATE")
    assert result["errors"] == []
    assert (result["statuses"], result["saves"]) == ([200], 48)
    assert result["lost"] == []


def test_without_wal_and_immediate_transactions_the_same_saves_fail_with_database_is_locked(runs):
    # The attack of the issue, on SQLite's defaults: the settings' options are what stops it.
    result = runs["defaults"]
    assert (result["journal_mode"], result["transaction_mode"]) == ("delete", None)
    assert "OperationalError: database is locked" in result["errors"]
    assert result["lost"] != []
