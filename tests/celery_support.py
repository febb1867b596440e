"""A real Celery worker for a test: tasks go through Redis to a worker thread of this process."""

import contextlib
import time
import uuid

from celery.contrib.testing.worker import start_worker

from qualityaward.celery import app


@contextlib.contextmanager
def real_worker(prefix: str):
    """Run a worker on a queue of its own (a worker of another test process, on another test
    database, cannot take its tasks) and send tasks to Redis instead of running them in place.
    Yields the queue's name; afterwards tasks run in place again, as the rest of the suite expects.

    ``task_always_eager`` is read before anything changes: the app reads it from the Django settings
    until it is set, so reading it after a settings change would restore the wrong value."""
    eager = app.conf.task_always_eager
    assert app.conf.broker_url.startswith("redis://")
    app.conf.task_always_eager = False
    try:
        queue = f"{prefix}-{uuid.uuid4().hex}"
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30, queues=[queue]):
            yield queue
    finally:
        app.conf.task_always_eager = eager


def wait_until(condition, *, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return condition()
