"""A real S3-compatible server for the storage tests: moto's server mode, on a free port of this machine.

Import the fixtures into a conftest: ``from tests.s3_support import s3_server, s3_storages  # noqa: F401``.
"""

import socket
import uuid

import boto3
import pytest
from moto.server import ThreadedMotoServer

# moto accepts any credentials; they are the ones the storages sign with.
CREDENTIALS = {"access_key": "test-access-key", "secret_key": "test-secret-key", "region_name": "us-east-1"}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def s3_server():
    """The endpoint URL of a moto S3 server that lives for the test session."""
    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


def s3_client(endpoint_url):
    return boto3.client(
        "s3",
        endpoint_url=endpoint_url,
        aws_access_key_id=CREDENTIALS["access_key"],
        aws_secret_access_key=CREDENTIALS["secret_key"],
        region_name=CREDENTIALS["region_name"],
    )


def s3_options(endpoint_url, bucket, **extra):
    return {
        **CREDENTIALS,
        "endpoint_url": endpoint_url,
        "bucket_name": bucket,
        "addressing_style": "path",
        "signature_version": "s3v4",
        "file_overwrite": False,
        "querystring_expire": 60,
        **extra,
    }


@pytest.fixture
def s3_storages(settings, s3_server):
    """Default and cold storage in two fresh buckets of the moto server; returns ``(client, hot, cold)``."""
    client = s3_client(s3_server)
    hot, cold = f"hot-{uuid.uuid4().hex[:12]}", f"cold-{uuid.uuid4().hex[:12]}"
    client.create_bucket(Bucket=hot)
    client.create_bucket(Bucket=cold)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "common.storage_s3.TieredObjectStorage", "OPTIONS": s3_options(s3_server, hot)},
        "cold": {"BACKEND": "common.storage_s3.ObjectStorage", "OPTIONS": s3_options(s3_server, cold)},
    }
    return client, hot, cold


def bucket_keys(client, bucket) -> list[str]:
    return sorted(entry["Key"] for entry in client.list_objects_v2(Bucket=bucket).get("Contents", ()))
