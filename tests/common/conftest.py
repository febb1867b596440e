from tests.publicity.conftest import cycle, lanzhou, listed, notice_stage  # noqa: F401
from tests.s3_support import s3_server, s3_storages  # noqa: F401
