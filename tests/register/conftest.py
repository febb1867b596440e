import pytest

from cycles.loader import load_schemes


@pytest.fixture
def loaded(db):
    """The five shipped schemes."""
    load_schemes()
