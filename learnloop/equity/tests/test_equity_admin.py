"""The Django admin lists equity records for admins, read-only."""

from __future__ import annotations

from django.urls import reverse


def test_an_admin_reads_opportunities_but_cannot_add_one(client, erin, talk):
    client.force_login(erin.user)
    page = client.get(reverse("admin:equity_opportunity_changelist")).content.decode()
    assert "Talk at the engineering all-hands" in page
    assert client.get(reverse("admin:equity_opportunity_add")).status_code == 403
