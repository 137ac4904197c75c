from __future__ import annotations

from django.urls import reverse

from learnloop.people.models import SensitiveAttribute
from learnloop.people.tests.factories import PersonFactory


def test_an_analyst_sees_counts_with_small_groups_hidden(client, dana):
    people = PersonFactory.create_batch(12)
    for person in people[:6]:
        SensitiveAttribute.objects.create(person=person, key="Gender", value="Female")
    for person in people[6:11]:
        SensitiveAttribute.objects.create(person=person, key="Gender", value="Male")
    SensitiveAttribute.objects.create(person=people[11], key="Gender", value="Nonbinary")
    client.force_login(dana.user)
    page = client.get(reverse("attributes")).content.decode()
    assert "<td>Female</td><td>6</td>" in page
    # Nonbinary (1) is hidden, and so is the next-smallest group (Male, 5) so it cannot be derived.
    assert "<td>Nonbinary</td><td>6</td>" not in page
    assert page.count("hidden</span>") >= 2
    assert "<td>Male</td><td>5</td>" not in page
