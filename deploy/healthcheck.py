"""Container health checks that need nothing but Python (the image has no curl).

python deploy/healthcheck.py http URL   # 2xx, asked as the site's first ALLOWED_HOSTS over HTTPS via nginx
python deploy/healthcheck.py pid FILE   # the process whose id FILE holds is alive (celery beat)
"""

import os
import sys
import urllib.request


def http(url: str) -> int:
    host = os.environ.get("ALLOWED_HOSTS", "localhost").split(",")[0].strip() or "localhost"
    # Behind nginx the request would carry the host and scheme of the site: Django answers it
    # (ALLOWED_HOSTS, SECURE_SSL_REDIRECT) as it answers a visitor.
    request = urllib.request.Request(url, headers={"Host": host, "X-Forwarded-Proto": "https"})
    with urllib.request.urlopen(request, timeout=5) as response:  # raises on 4xx and 5xx
        return 0 if 200 <= response.status < 300 else 1


def pid(path: str) -> int:
    with open(path) as handle:
        os.kill(int(handle.read().strip()), 0)  # raises when no such process
    return 0


if __name__ == "__main__":
    checks = {"http": http, "pid": pid}
    if len(sys.argv) != 3 or sys.argv[1] not in checks:
        sys.exit(__doc__)
    try:
        sys.exit(checks[sys.argv[1]](sys.argv[2]))
    except Exception as error:  # noqa: BLE001 -- any failure is "unhealthy"
        sys.exit(f"unhealthy: {error}")
