"""The 兰州 cycle from the call to the verified certificate through the real pages (tests/browser/whole_cycle.py).
One file per scheme, so that the test processes share the five cycles."""

import pytest

from tests.browser.whole_cycle import run_and_check_a_cycle


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_cycle_from_the_call_to_the_verified_certificate(live_server, browser):
    run_and_check_a_cycle("lanzhou", live_server, browser)
