#!/usr/bin/env python
"""The Simplified Chinese catalogue: extract, list what is untranslated, fill, and check.

Source strings are English; ``locale/zh_Hans/LC_MESSAGES/django.po`` must translate every one.

    python tools/po.py extract                 # makemessages (msgmerge keeps what is translated)
    python tools/po.py untranslated [PATH...]  # msgids still empty or fuzzy, optionally by source path
    python tools/po.py fill FILE.tsv           # lines "msgid<TAB>msgstr"; \\n and \\t escaped
    python tools/po.py check                   # fails if any string is untranslated, or in the wrong language

Every command holds a lock on the catalogue, so several people can run them at once.
"""

import fcntl
import os
import re
import shutil
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
LOCK = ROOT / "locale" / ".lock"
IGNORES = [".venv", "node_modules", "staticfiles", "private_media", "tests", "tools"]


@contextmanager
def locked():
    LOCK.parent.mkdir(parents=True, exist_ok=True)
    with open(LOCK, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _makemessages():
    command = [sys.executable, "manage.py", "makemessages", "-l", "zh_Hans", "--no-obsolete", "-v0"]
    for pattern in IGNORES:
        command += ["--ignore", pattern]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "qualityaward.settings", "DATABASE_URL": "sqlite:///:memory:"}
    subprocess.run(command, cwd=ROOT, check=True, env=env)
    catalogue = polib.pofile(str(CATALOGUE))
    catalogue.metadata_is_fuzzy = False
    catalogue.metadata.update(
        {"Project-Id-Version": "qualityaward", "Language": "zh_Hans", "Content-Type": "text/plain; charset=UTF-8"}
    )
    catalogue.header = "Simplified Chinese translation of the quality-award platform."
    catalogue.save(str(CATALOGUE))


# Chinese characters and the fullwidth punctuation that comes with them.
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff5e]")
# Where a source string may quote Chinese: a term in brackets, "Draft for comment (征求意见稿)", and an
# example, "e.g. 第五届" (to the end of its sentence).
QUOTED = re.compile(r"\([^()]*\)|（[^（）]*）|e\.g\.[^.]*")
# What a translation may keep in Latin letters: placeholders, markup, addresses, file names, code.
VERBATIM = re.compile(r"%\([^)]*\)[sd]|%[sd]|\{[^}]*\}|<[^>]+>|&\w+;|`[^`]*`")
ENGLISH_WORD = re.compile(r"^[a-z]{3,}$")


def _chinese_in_source(msgid: str) -> bool:
    """Whether an English source string has Chinese outside a quoted term or example: the English
    interface would show it."""
    text, previous = msgid, None
    while text != previous:  # nested brackets, innermost first: "(Qingyuan 二(四))"
        previous, text = text, QUOTED.sub(" ", text)
    return bool(CJK.search(text))


def _english_in_translation(msgstr: str) -> list[str]:
    """English words left in a Chinese translation (a fragment the Chinese interface would show);
    words inside code, names or file names (``cycle.opened``, ``random.Random(seed)``) are not words."""
    tokens = re.split(r"[\s\u3000-\u303f\u3400-\u9fff\uff01-\uff5e]+", VERBATIM.sub(" ", msgstr))
    return [token for token in tokens if ENGLISH_WORD.match(token)]


def wrong_language(catalogue) -> list[str]:
    """Problems of language: Chinese in source strings, English words in translations."""
    problems = []
    for entry in catalogue:
        if entry.obsolete:
            continue
        where = ", ".join(f"{ref}:{line}" for ref, line in entry.occurrences[:2])
        for msgid in filter(None, [entry.msgid, entry.msgid_plural]):
            if _chinese_in_source(msgid):
                problems.append(f"Chinese in an English source string: {msgid!r} ({where})")
        for msgstr in filter(None, [entry.msgstr, *entry.msgstr_plural.values()]):
            words = _english_in_translation(msgstr)
            if words and "fuzzy" not in entry.flags:
                problems.append(
                    f"English {', '.join(words)!s} in the translation of {entry.msgid!r}: {msgstr!r} ({where})"
                )
    return problems


def _missing(catalogue):
    return [e for e in catalogue if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)]


def extract():
    with locked():
        _makemessages()
    catalogue = polib.pofile(str(CATALOGUE))
    print(f"{len(catalogue)} strings, {len(_missing(catalogue))} untranslated or fuzzy")


def untranslated(paths):
    catalogue = polib.pofile(str(CATALOGUE))
    for entry in _missing(catalogue):
        if paths and not any(ref.startswith(p) for ref, _line in entry.occurrences for p in paths):
            continue
        text = entry.msgid.replace("\n", "\\n").replace("\t", "\\t")
        plural = f"  [plural: {entry.msgid_plural}]" if entry.msgid_plural else ""
        print(f"{text}{plural}")


def fill(path):
    pairs = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip() or "\t" not in line:
            continue
        msgid, msgstr = line.split("\t", 1)
        unescape = lambda s: s.replace("\\n", "\n").replace("\\t", "\t")  # noqa: E731
        pairs[unescape(msgid)] = unescape(msgstr)
    filled = 0
    with locked():
        catalogue = polib.pofile(str(CATALOGUE))
        for entry in catalogue:
            if entry.msgid in pairs:
                if entry.msgid_plural:
                    entry.msgstr_plural = {0: pairs[entry.msgid]}
                else:
                    entry.msgstr = pairs[entry.msgid]
                if "fuzzy" in entry.flags:
                    entry.flags.remove("fuzzy")
                filled += 1
        catalogue.save(str(CATALOGUE))
    print(f"filled {filled} of {len(pairs)}; {len(_missing(polib.pofile(str(CATALOGUE))))} still untranslated")


def check():
    """Extract into a scratch copy of the catalogue and fail on any string without a translation, on
    Chinese in an English source string and on English words left in a translation."""
    with locked():
        backup = Path(tempfile.mkdtemp()) / "django.po"
        shutil.copy(CATALOGUE, backup)
        try:
            _makemessages()
            catalogue = polib.pofile(str(CATALOGUE))
        finally:
            shutil.copy(backup, CATALOGUE)
    missing, problems = _missing(catalogue), wrong_language(catalogue)
    if missing:
        print(f"{len(missing)} strings have no Simplified Chinese translation; run `make messages` and translate:")
        for entry in missing[:50]:
            where = ", ".join(f"{ref}:{line}" for ref, line in entry.occurrences[:2])
            print(f"  {entry.msgid!r}  ({where})")
    if problems:
        print(
            f"{len(problems)} strings are in the wrong language: source strings are English (Chinese only as a "
            "quoted term in brackets or after e.g.), translations are Chinese:"
        )
        for problem in problems[:50]:
            print(f"  {problem}")
    if missing or problems:
        sys.exit(1)
    print("Simplified Chinese catalogue complete.")


if __name__ == "__main__":
    verb, *args = sys.argv[1:] or ["help"]
    if verb == "extract":
        extract()
    elif verb == "untranslated":
        untranslated(args)
    elif verb == "fill":
        fill(args[0])
    elif verb == "check":
        check()
    else:
        print(__doc__)
        sys.exit(2)
