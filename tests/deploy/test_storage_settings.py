"""The storage block of the settings: the filesystem with nothing set, object storage when a bucket is named."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
PROBE = (
    "import json; from django.conf import settings; from django.core.files.storage import storages;"
    "d, c = storages['default'], storages['cold'];"
    "print(json.dumps([type(d).__name__, getattr(d, 'bucket_name', None), getattr(d, 'public_endpoint_url', None),"
    " getattr(d, 'accel_prefix', None), type(c).__name__, getattr(c, 'bucket_name', None), str(getattr(c, 'location', ''))]))"
)


def probe(**variables):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("S3_", "DATABASE_URL", "REDIS_URL", "DJANGO_"))}
    env.update({"DJANGO_SETTINGS_MODULE": "qualityaward.settings", "DATABASE_URL": "sqlite:///:memory:", **variables})
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-v0", "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1]), result


def test_storage_settings_without_a_bucket_are_the_filesystem_streamed_by_django():
    (default, bucket, public, accel, cold, cold_bucket, cold_location), _result = probe(COLD_MEDIA_ROOT="/srv/cold")

    assert (default, bucket, public, accel) == ("TieredLocalStorage", None, None, "")
    assert (cold, cold_bucket, cold_location) == ("LocalStorage", None, "/srv/cold")


def test_storage_settings_with_buckets_are_object_storage_signed_for_the_public_endpoint():
    (default, bucket, public, accel, cold, cold_bucket, _location), _result = probe(
        S3_BUCKET="qualityaward-files",
        S3_COLD_BUCKET="qualityaward-cold",
        S3_ENDPOINT_URL="http://minio:9000",
        S3_PUBLIC_ENDPOINT_URL="https://award.example.org",
    )

    assert (default, bucket, public, accel) == (
        "TieredObjectStorage",
        "qualityaward-files",
        "https://award.example.org",
        None,
    )
    assert (cold, cold_bucket) == ("ObjectStorage", "qualityaward-cold")


def test_storage_settings_refuse_an_unknown_addressing_style():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("S3_", "DATABASE_URL", "REDIS_URL", "DJANGO_"))}
    env.update({"DJANGO_SETTINGS_MODULE": "qualityaward.settings", "S3_ADDRESSING_STYLE": "sideways"})

    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True)

    assert result.returncode != 0
    assert "S3_ADDRESSING_STYLE must be path, virtual or auto." in result.stderr
