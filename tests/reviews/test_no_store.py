"""Score sheets and their exports are never cached."""

from django.urls import reverse

from .conftest import scored_entry


def test_score_page_and_exports_are_no_store(client, world, staff):
    entry, _group, members = scored_entry(world, staff)
    client.force_login(members[0].reviewer)
    for name in ("score", "export-xlsx"):
        response = client.get(reverse(f"reviews:{name}", args=[entry.pk]))
        assert response.status_code == 200, name
        assert "no-store" in response["Cache-Control"], name
