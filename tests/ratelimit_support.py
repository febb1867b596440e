"""Helpers for the rate-limit tests of every anonymous form."""

ELSEWHERE = ["198.51.100.1", "198.51.100.2", "198.51.100.3", "198.51.100.4"]


def rates(settings, group, ip, target):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, group: {"ip": ip, "target": target}}


def assert_limited(response, language="zh-hans"):
    """A clear refusal: HTTP 429, when to come back, in the user's language (Chinese by default)."""
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    text = response.content.decode()
    if language == "zh-hans":
        assert "操作过于频繁" in text and "分钟后再试" in text
    else:
        assert "Too many attempts" in text
