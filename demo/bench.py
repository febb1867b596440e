"""``make bench``: what each main page and the heaviest computations cost at 100 and at 10,000
applications in one cycle, against the targets of issue 12.

For each size the bench builds one authority of the scale set (``demo.scale``) with a cycle of that
many applications at its first review round, inside a transaction it rolls back, on whatever
instance it runs on (the province of ``seed_province`` for numbers that mean something). It
requests every page through the real URLs with the test client, logged in as the party who uses
it, and calls the real service functions; times are medians, pages are compared with a floor
measured in the same run: the base template rendered by a bare view for a logged-in user.
"""

import datetime
import re
import shutil
import statistics
import subprocess
import time
import zlib
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from applications.models import Application
from applications.pdf import render_dossier_pdf
from awards import selectors as award_selectors
from awards.models import CommitteeVote
from common.pdf import render_pdf
from cycles.calendar import WorkingCalendar
from publicity.models import Notice
from register.certificates import certificate_html
from register.models import AwardRecord, Certificate
from reviews import selectors as review_selectors
from reviews.models import GroupMember, Round, RoundEntry
from reviews.services.groups import group_size_bounds, groups_draw_all

from . import scale

# The targets of issue 12.
PAGE_GROWTH = 1.5  # a page at the large size within 1.5× its time at the small one
PAGE_FLOOR = 15  # and within 15× the floor
COMPUTATION_SECONDS = 1.0  # ranking, evaluation, the draw of all groups (and the 2,000 deadlines)
PDF_RATIO = 2.0  # a certificate within 2× the minimal document, a dossier within 2× per page
DEADLINES = 2000
SLOW = 2.0  # seconds beyond which a page or a computation is measured once

MINIMAL_PDF = """<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">
<style>@page {{ size: A4; margin: 20mm; }} body {{ font-family: {font}; }}</style></head>
<body><h1>基准文档</h1><p>政府质量奖评审平台：一页中文文档，嵌入中文字体。</p></body></html>"""


class Rollback(Exception):
    pass


@dataclass
class Measure:
    queries: int
    ms: float
    kb: float


@dataclass
class Run:
    size: int
    floor: Measure
    pages: dict = field(default_factory=dict)  # (role, page) -> Measure
    computations: dict = field(default_factory=dict)  # name -> (seconds, note)


def _get(client, url, repeat) -> Measure:
    """The page's queries, median time and size over ``repeat`` requests after a first that warms the
    caches. A page slower than ``SLOW`` seconds (or any, with ``repeat`` 0) is requested once: its
    caches count for nothing beside its time, and the bench must end within the hour."""
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        response = client.get(url)
        first = (time.perf_counter() - start) * 1000
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")
    if first > SLOW * 1000 or not repeat:
        return Measure(queries=len(queries), ms=first, kb=len(response.content) / 1024)
    timings = []
    for _attempt in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
    return Measure(queries=len(queries), ms=statistics.median(timings), kb=len(response.content) / 1024)


def _client(user) -> Client:
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    return client


def _timed(function, repeat) -> float:
    """The median of ``repeat`` runs; of one run where it takes longer than ``SLOW`` seconds."""
    timings = []
    for _attempt in range(max(repeat, 1)):
        start = time.perf_counter()
        function()
        timings.append(time.perf_counter() - start)
        if timings[-1] > SLOW:
            break
    return statistics.median(timings)


def pages_of(province, cycle):
    """(role, page, user or None, url) for each main page of each role named by issue 12."""
    round_ = Round.objects.get(cycle=cycle)
    leader = GroupMember.objects.filter(group__round=round_, group__number=1, is_leader=True).get()
    entry = RoundEntry.objects.filter(group=leader.group).order_by("pk").first()
    vote = CommitteeVote.objects.filter(cycle=cycle).get()
    notice = Notice.objects.filter(cycle=cycle).get()
    certificate = Certificate.objects.filter(record__scheme__authority=province.authority).order_by("pk").first()
    staff, department = province.staff, province.departments[0][1]
    return [
        ("office", "eligibility list", staff, reverse("applications:eligibility-list", args=[cycle.pk])),
        ("office", "cycle dashboard", staff, reverse("pipeline:cycle", args=[cycle.pk])),
        ("office", "rounds of the cycle", staff, reverse("reviews:cycle", args=[cycle.pk])),
        ("office", "round page and ranking", staff, reverse("reviews:round", args=[round_.pk])),
        ("office", "comprehensive evaluation", staff, reverse("awards:evaluation", args=[cycle.pk])),
        ("office", "vote preparation", staff, reverse("awards:votes", args=[cycle.pk])),
        ("office", "register", staff, reverse("register:detail", args=[province.authority.pk])),
        ("department", "recommendations", department, reverse("applications:recommendation-list")),
        ("reviewer", "assignments", leader.reviewer, reverse("reviews:mine")),
        ("reviewer", "scoring form", leader.reviewer, reverse("reviews:score", args=[entry.pk])),
        ("reviewer", "consensus", leader.reviewer, reverse("reviews:consensus", args=[entry.pk])),
        ("committee", "ballot", province.committee[0], reverse("awards:ballot", args=[vote.pk])),
        ("public", "home", None, reverse("public-home")),
        ("public", "notices", None, reverse("publicity:public-list")),
        ("public", "a notice page", None, reverse("publicity:public-detail", args=[notice.pk])),
        ("public", "register", None, reverse("register:list")),
        ("public", "certificate verification", None, reverse("register:verify-code", args=[certificate.code])),
    ]


def draw_all_groups(round_, *, by) -> tuple[float, str]:
    """The draw of every group of ``round_`` afresh by ``groups_draw_all`` (the set-based draw of the
    round page: one group per application), rolled back."""
    size, _high = group_size_bounds(round_.cycle.scheme)
    savepoint = transaction.savepoint()
    try:
        RoundEntry.objects.filter(round=round_).update(group=None)
        start = time.perf_counter()
        drawn = groups_draw_all(round_, by=by, size=size, seed=f"bench-{round_.pk}")
        elapsed = time.perf_counter() - start
    finally:
        transaction.savepoint_rollback(savepoint)
    return elapsed, f"{len(drawn):,} groups"


def deadlines(count: int = DEADLINES) -> None:
    """``count`` deadlines of 5 to 30 working days from days spread over ten months of 2025."""
    calendar = WorkingCalendar()
    for offset in range(count):
        calendar.add_working_days(datetime.date(2025, 1, 1) + datetime.timedelta(days=offset % 300), 5 + offset % 26)


def pdf_pages(content: bytes) -> int:
    """The pages of a PDF, counted in its objects, those in compressed object streams included."""
    text = content
    for stream in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", content, re.DOTALL):
        try:
            text += zlib.decompress(stream.group(1))
        except zlib.error:
            continue  # an image or a font, not an object stream
    return len(re.findall(rb"/Type\s*/Page(?![A-Za-z])", text))


def measure_pdfs(province, cycle, repeat) -> list[tuple[str, float, int]]:
    """(document, median ms, pages) for the minimal document, a certificate and a dossier."""
    minimal = MINIMAL_PDF.format(font=settings.PDF_FONT_FAMILY)
    record = AwardRecord.objects.filter(scheme=province.scheme).select_related("scheme__authority", "tier", "cycle")
    record = record.order_by("pk").first()
    application = Application.objects.filter(cycle=cycle).order_by("pk").first()
    render_pdf(minimal)  # WeasyPrint's import and the fonts are loaded once per process
    rows = []
    for name, render in (
        ("minimal one-page CJK document", lambda: render_pdf(minimal)),
        ("certificate", lambda: render_pdf(certificate_html(record, "ZS-BENC-HMAR-K000"))),
        ("dossier", lambda: render_dossier_pdf(application)),
    ):
        timings, content = [], b""
        for _attempt in range(max(repeat, 1)):
            start = time.perf_counter()
            content = render()
            timings.append(time.perf_counter() - start)
        rows.append((name, statistics.median(timings) * 1000, pdf_pages(content)))
    return rows


def run_size(size: int, *, repeat: int, reviewers: int, with_pdfs: bool, deadline_count: int):
    label = f"bench{size}"
    province = scale.authority_create(label, reviewers=scale.reviewers_create(label, reviewers))
    scale.cycle_create(province, size=min(size, 40), name="上一届", year=2023, number=1, current=False)
    cycle = scale.cycle_create(province, size=size, name="基准届", year=2026, number=2, current=True)
    scale.analyse()
    run = Run(size=size, floor=_get(_client(province.staff), reverse("bench-floor"), repeat))
    anonymous = Client(HTTP_HOST="127.0.0.1")
    for role, page, user, url in pages_of(province, cycle):
        run.pages[(role, page)] = _get(_client(user) if user else anonymous, url, repeat)
    round_ = Round.objects.select_related("cycle__scheme").get(cycle=cycle)
    run.computations["round ranking"] = (_timed(lambda: list(review_selectors.round_ranking(round_)), repeat), "")
    run.computations["comprehensive evaluation"] = (
        _timed(lambda: award_selectors.ranking_by_tier(cycle), repeat),
        "",
    )
    run.computations["draw of all groups of a round"] = draw_all_groups(round_, by=province.staff)
    seconds = _timed(lambda: deadlines(deadline_count), repeat) * DEADLINES / deadline_count
    scaled = "" if deadline_count == DEADLINES else f"{deadline_count} computed, the time scaled"
    run.computations[f"{DEADLINES:,} working-day deadlines"] = (seconds, scaled)
    pdfs = measure_pdfs(province, cycle, repeat) if with_pdfs else []
    return run, pdfs


def bench(sizes, *, repeat=5, reviewers=500, deadline_count=DEADLINES, log=print):
    """Measure each size in a transaction rolled back; returns the runs and the PDF rows."""
    runs, pdfs = [], []
    for index, size in enumerate(sizes):
        log(f"bench: {size} applications …")
        try:
            with transaction.atomic():
                run, rows = run_size(
                    size,
                    repeat=repeat,
                    reviewers=reviewers,
                    with_pdfs=index == 0,
                    deadline_count=deadline_count,
                )
                runs.append(run)
                pdfs += rows
                raise Rollback
        except Rollback:
            pass
    return runs, pdfs


def cjk_font_installed() -> bool | None:
    """Whether fontconfig knows a Chinese font (None where fontconfig is absent): without one,
    WeasyPrint renders the PDFs with empty boxes and their times mean little."""
    if shutil.which("fc-list") is None:
        return None
    listed = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=False)
    return bool(listed.stdout.strip())


def report(runs, pdfs) -> str:
    """``bench/results.md``: one row per page, computation and document, each ending ``meets`` or ``misses``."""
    small, large = runs[0], runs[-1]
    s, n = f"{small.size:,}", f"{large.size:,}"
    with connection.cursor() as cursor:
        vendor = connection.vendor
        if vendor == "postgresql":
            cursor.execute("SHOW server_version")
            vendor = f"PostgreSQL {cursor.fetchone()[0]}"
        applications = Application.objects.count()
    lines = [
        "# make bench",
        "",
        f"Run {timezone.now():%Y-%m-%d %H:%M} UTC on {vendor}; the instance held {applications:,} applications"
        f" besides the measured cycle. Times are medians; the floor is the base template rendered by a bare"
        f" view for a logged-in user: {small.floor.ms:.1f} ms and {small.floor.queries} queries at {s},"
        f" {large.floor.ms:.1f} ms and {large.floor.queries} queries at {n}.",
        "",
        f"Targets (issue 12): the same query count at {s} and {n}; each page's time at {n} within"
        f" {PAGE_GROWTH}× its time at {s} and within {PAGE_FLOOR}× the floor; the ranking, the comprehensive"
        f" evaluation and the draw of all groups of a round at {n} under {COMPUTATION_SECONDS:g} s (the issue names"
        f" no target for the deadlines: the same second is used); a certificate within {PDF_RATIO:g}× the"
        f" minimal document, the dossier within {PDF_RATIO:g}× per page. A page or computation slower than"
        f" {SLOW:g} s is timed once.",
        "",
        "## Pages",
        "",
        f"| role | page | queries at {s} | queries at {n} | ms at {s} | ms at {n} | {n} ÷ {s} | {n} ÷ floor"
        f" | KB at {n} | why | result |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for key, at_small in small.pages.items():
        at_large = large.pages[key]
        growth = at_large.ms / at_small.ms
        floor = at_large.ms / large.floor.ms
        failures = []
        if at_large.queries != at_small.queries:
            failures.append(f"{at_small.queries} → {at_large.queries} queries")
        if growth > PAGE_GROWTH:
            failures.append(f"×{growth:.1f} its time at {s}")
        if floor > PAGE_FLOOR:
            failures.append(f"×{floor:.1f} the floor")
        result = "misses" if failures else "meets"
        lines.append(
            f"| {key[0]} | {key[1]} | {at_small.queries} | {at_large.queries} | {at_small.ms:.1f} | {at_large.ms:.1f}"
            f" | ×{growth:.2f} | ×{floor:.1f} | {at_large.kb:,.0f} | {'; '.join(failures)} | {result} |"
        )
    lines += [
        "",
        "## Computations",
        "",
        f"| computation | s at {s} | s at {n} | note at {n} | result |",
        "|---|---|---|---|---|",
    ]
    for name, (seconds, note) in large.computations.items():
        at_small = small.computations[name][0]
        verdict = "meets" if seconds < COMPUTATION_SECONDS else "misses"
        lines.append(f"| {name} | {at_small:.3f} | {seconds:.3f} | {note} | {verdict} |")
    if pdfs:
        (minimal, minimal_ms, _pages), *documents = pdfs
        lines += [
            "",
            "## PDFs",
            "",
            f"Against the {minimal}: {minimal_ms:.0f} ms."
            + (
                " No Chinese font is installed on this machine (`make system-packages` installs fonts-noto-cjk):"
                " the documents were rendered without their glyphs."
                if cjk_font_installed() is False
                else ""
            ),
            "",
            "| document | ms | pages | ms per page | ÷ minimal (per page for the dossier) | result |",
            "|---|---|---|---|---|---|",
        ]
        for name, ms, pages in documents:
            per_page = ms / max(pages, 1)
            ratio = (per_page if name == "dossier" else ms) / minimal_ms
            verdict = "meets" if ratio <= PDF_RATIO else "misses"
            lines.append(f"| {name} | {ms:.0f} | {pages} | {per_page:.0f} | ×{ratio:.2f} | {verdict} |")
    return "\n".join(lines) + "\n"
