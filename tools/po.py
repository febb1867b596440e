#!/usr/bin/env python
"""The Simplified Chinese catalogue: extract, list what is untranslated, fill, and check.

Source strings are English; ``locale/zh_Hans/LC_MESSAGES/django.po`` must translate every one.

    python tools/po.py extract                 # makemessages (msgmerge keeps what is translated)
    python tools/po.py untranslated [PATH...]  # msgids still empty or fuzzy, optionally by source path
    python tools/po.py fill FILE.tsv           # lines "msgid<TAB>msgstr"; \\n and \\t escaped
    python tools/po.py check                   # fails if any string in the code is not translated

Every command holds a lock on the catalogue, so several people can run them at once.
"""

import fcntl
import os
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
    """Extract into a scratch copy of the catalogue and fail on any string without a translation."""
    with locked():
        backup = Path(tempfile.mkdtemp()) / "django.po"
        shutil.copy(CATALOGUE, backup)
        try:
            _makemessages()
            missing = _missing(polib.pofile(str(CATALOGUE)))
        finally:
            shutil.copy(backup, CATALOGUE)
    if missing:
        print(f"{len(missing)} strings have no Simplified Chinese translation; run `make messages` and translate:")
        for entry in missing[:50]:
            where = ", ".join(f"{ref}:{line}" for ref, line in entry.occurrences[:2])
            print(f"  {entry.msgid!r}  ({where})")
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
