# make run   — install what is missing, migrate, create the five schemes where absent, load the demo, serve :8000
# make test  — the whole suite against the local PostgreSQL and Redis, browser tests included
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed
SYSTEM_PACKAGES := fonts-noto-cjk libharfbuzz-subset0 gettext
TEST_SYSTEM_PACKAGES := chromium poppler-utils
APT := $(shell command -v sudo >/dev/null 2>&1 && [ "$$(id -u)" != 0 ] && echo sudo) apt-get

.PHONY: run test lint format messages compilemessages system-packages test-system-packages check-messages bench demo

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || python3 -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -r requirements-dev.txt
	touch $(STAMP)

system-packages:
	@missing=""; for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then echo "Installing$$missing"; $(APT) update -qq && DEBIAN_FRONTEND=noninteractive $(APT) install -y -qq $$missing; fi

test-system-packages: system-packages
	@missing=""; for p in $(TEST_SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then echo "Installing$$missing"; $(APT) update -qq && DEBIAN_FRONTEND=noninteractive $(APT) install -y -qq $$missing; fi

compilemessages: $(STAMP)
	$(PY) manage.py compilemessages --ignore=$(VENV) -v0

messages: $(STAMP)
	$(PY) tools/po.py extract

check-messages: $(STAMP)
	$(PY) tools/po.py check

# The embedded demo runs with DEBUG on (static files from the source tree, the development key); a real
# installation leaves DEBUG unset or false.
run demo bench: export DEBUG ?= true

demo: $(STAMP) system-packages compilemessages
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py setup_periodic_tasks
	$(PY) manage.py load_schemes
	$(PY) manage.py load_demo

# The embedded demo has no Redis and no worker: Celery beat runs beside the web server and, tasks
# being eager there, runs the periodic tasks itself (closing notices whose period has run, …).
run: demo
	$(PY) -m celery -A qualityaward beat --loglevel=warning & beat=$$!; \
	trap 'kill $$beat 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver 127.0.0.1:8000

test: $(STAMP) test-system-packages compilemessages
	$(PY) manage.py makemigrations --check --dry-run -v0
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) tools/po.py check
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(VENV)/bin/pytest -n 2 --dist loadfile -q

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Seeds the province first where it is absent (minutes), then measures; set DATABASE_URL to a
# PostgreSQL database of its own. Writes bench/results.md.
bench: $(STAMP) system-packages compilemessages
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py seed_province
	$(PY) manage.py bench
