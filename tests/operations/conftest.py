from tests.s3_support import s3_server, s3_storages  # noqa: F401
