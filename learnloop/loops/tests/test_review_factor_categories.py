"""The contributing-factor taxonomy: everyone reads it, admins add and rename categories."""

from __future__ import annotations

from django.urls import reverse

from learnloop.loops.models import FactorCategory


def test_an_admin_adds_a_category(client, erin):
    client.force_login(erin.user)
    client.post(reverse("factor-categories"), {"name": "Config change", "description": "A setting changed"})
    assert FactorCategory.objects.get().slug == "config-change"


def test_an_admin_renames_a_category(client, erin):
    category = FactorCategory.objects.create(name="Config", slug="config")
    client.force_login(erin.user)
    client.post(reverse("factor-categories"), {"category": category.pk, "name": "Configuration change"})
    category.refresh_from_db()
    assert (category.name, category.slug) == ("Configuration change", "config")


def test_a_duplicate_name_shows_the_field_error(client, erin):
    FactorCategory.objects.create(name="Capacity", slug="capacity")
    client.force_login(erin.user)
    page = client.post(reverse("factor-categories"), {"name": "Capacity"}).content.decode()
    assert "already exists" in page
    assert FactorCategory.objects.count() == 1


def test_everyone_signed_in_reads_the_list_but_only_admins_change_it(client, bob):
    FactorCategory.objects.create(name="Capacity", slug="capacity")
    client.force_login(bob.user)
    page = client.get(reverse("factor-categories")).content.decode()
    assert "Capacity" in page
    assert "Add a category" not in page
    assert client.post(reverse("factor-categories"), {"name": "Mine"}).status_code == 403
    assert FactorCategory.objects.count() == 1
