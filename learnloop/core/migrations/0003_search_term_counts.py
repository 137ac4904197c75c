from django.db import migrations, models

from learnloop.core.search.text import document_terms

DOCUMENTS = "#documents"  # as in learnloop.core.search.terms


def count_terms(apps, schema_editor):
    """Document frequencies for an index that already holds documents."""
    documents = apps.get_model("core", "SearchDocument")
    terms = apps.get_model("core", "SearchTerm")
    alias = schema_editor.connection.alias
    counts: dict[str, int] = {}
    total = 0
    for title, body, tags in documents.objects.using(alias).values_list("title", "body", "tags").iterator():
        total += 1
        for term in document_terms(title, body, tags):
            counts[term] = counts.get(term, 0) + 1
    rows = [terms(term=term, documents=count) for term, count in counts.items()]
    terms.objects.using(alias).bulk_create([*rows, terms(term=DOCUMENTS, documents=total)], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_search_index"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchTerm",
            fields=[
                ("term", models.CharField(max_length=60, primary_key=True, serialize=False)),
                ("documents", models.IntegerField(default=0)),
            ],
        ),
        migrations.RunPython(count_terms, migrations.RunPython.noop),
    ]
