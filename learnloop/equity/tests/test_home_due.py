"""The home page tells people what is open to them, and posters what waits for their decision."""

from __future__ import annotations

import datetime

from django.urls import reverse

from learnloop.equity import services
from learnloop.equity.models import Opportunity


def test_an_eligible_member_is_told_on_the_home_page_until_they_apply(client, talk, bob, charlie):
    client.force_login(bob.user)
    assert "1 learning opportunity is open to you" in client.get(reverse("home")).content.decode()
    services.application_submit(actor=bob, opportunity=talk)
    assert "open to you" not in client.get(reverse("home")).content.decode()
    client.force_login(charlie.user)
    assert "open to you" not in client.get(reverse("home")).content.decode()


def test_the_poster_is_asked_to_decide_once_applications_close(client, talk, alice, bob):
    services.application_submit(actor=bob, opportunity=talk)
    client.force_login(alice.user)
    assert "Decide on the applications" not in client.get(reverse("home")).content.decode()
    Opportunity.objects.filter(pk=talk.pk).update(deadline=datetime.date.today() - datetime.timedelta(days=1))
    assert (
        "Decide on the applications for “Talk at the engineering all-hands”"
        in client.get(reverse("home")).content.decode()
    )
