import pytest
from django.utils import translation

from tests.publicity.conftest import cycle, lanzhou, listed, notice_stage  # noqa: F401
from tests.s3_support import s3_server, s3_storages  # noqa: F401


@pytest.fixture
def english():
    """Refusals read in English, so that a test can match their words."""
    with translation.override("en"):
        yield
