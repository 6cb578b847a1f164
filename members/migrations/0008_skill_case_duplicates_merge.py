"""Skills that differ only in case ("Python", "python") are merged into the oldest, ready for
the rule in 0009 that forbids them. On its own: PostgreSQL cannot alter a table in the
transaction that deleted rows referenced by deferred foreign keys."""

from django.db import migrations


def merge_case_duplicates(apps, schema_editor):
    """Keep the oldest skill of each case-insensitive name; move the profiles of the others to
    it and delete them. A handful of rows at most (the forms already matched case)."""
    Skill = apps.get_model("members", "Skill")
    Through = apps.get_model("members", "Profile").skills.through
    kept: dict[str, int] = {}
    for skill_id, name in Skill.objects.order_by("pk").values_list("pk", "name"):
        key = name.lower()
        if key not in kept:
            kept[key] = skill_id
            continue
        keeper = kept[key]
        has_keeper = Through.objects.filter(skill_id=keeper).values("profile_id")
        Through.objects.filter(skill_id=skill_id).exclude(profile_id__in=has_keeper).update(
            skill_id=keeper
        )
        Through.objects.filter(skill_id=skill_id).delete()
        Skill.objects.filter(pk=skill_id).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0007_plain_labels"),
    ]

    operations = [
        migrations.RunPython(merge_case_duplicates, migrations.RunPython.noop),
    ]
