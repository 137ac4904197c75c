from __future__ import annotations

from django.urls import reverse

from learnloop.loops.models import RetroTemplate


def test_a_facilitator_saves_a_format_from_one_title_per_line(client, alice, org):
    client.force_login(alice.user)
    response = client.post(
        reverse("retro-template-create", args=["platform"]),
        {"name": "Energy", "columns": "Energised\r\n\r\nDrained\r\nCurious"},
    )
    assert response["Location"] == reverse("retros", args=["platform"])
    template = RetroTemplate.objects.get(team=org["platform"], name="Energy")
    assert [column["title"] for column in template.columns] == ["Energised", "Drained", "Curious"]


def test_more_than_six_columns_are_refused_with_a_message(client, alice, org):
    client.force_login(alice.user)
    response = client.post(
        reverse("retro-template-create", args=["platform"]),
        {"name": "Too much", "columns": "\n".join(f"Column {n}" for n in range(7))},
    )
    assert response.context["form"].errors["columns"] == ["Give between one and six column titles, one per line."]
    assert not RetroTemplate.objects.exists()
