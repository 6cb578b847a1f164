"""Skills get a review: each skill is on the list (accepted), a member's suggestion awaiting a
manager, or rejected. Every skill that exists before this migration was already on profiles and
in the directory, so it becomes accepted (the new column's default). Names are unique ignoring
case (0008 merged the duplicates); a suggestion is dated; a rejection has its reason; and
SkillRemoval records who lost a rejected skill (the email's sent-row)."""

import django.db.models.deletion
import django.db.models.functions.text
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0008_skill_case_duplicates_merge"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="skill",
            name="status",
            field=models.CharField(
                choices=[
                    ("accepted", "On the list"),
                    ("suggested", "Awaiting review"),
                    ("rejected", "Not accepted"),
                ],
                db_index=True,
                default="accepted",
                max_length=10,
            ),
        ),
        migrations.AddField(
            model_name="skill",
            name="suggested_by",
            field=models.ForeignKey(
                blank=True,
                help_text="The member who suggested it (empty for skills a manager added).",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="skill",
            name="suggested_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="skill",
            name="decided_by",
            field=models.ForeignKey(
                blank=True,
                help_text="The manager who added, accepted or rejected it.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="skill",
            name="decided_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="skill",
            name="rejection_reason",
            field=models.CharField(
                blank=True, help_text="Told to the members who had suggested it.", max_length=300
            ),
        ),
        migrations.AddConstraint(
            model_name="skill",
            constraint=models.UniqueConstraint(
                django.db.models.functions.text.Lower("name"),
                name="skill_name_unique_ignoring_case",
                violation_error_message="There is a skill of this name already (in any case).",
            ),
        ),
        migrations.AddConstraint(
            model_name="skill",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("status", "suggested"), _negated=True),
                    ("suggested_at__isnull", False),
                    _connector="OR",
                ),
                name="skill_suggestion_dated",
            ),
        ),
        migrations.AddConstraint(
            model_name="skill",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("status", "rejected"), _negated=True),
                    models.Q(("rejection_reason", ""), _negated=True),
                    _connector="OR",
                ),
                name="skill_rejection_has_reason",
            ),
        ),
        migrations.CreateModel(
            name="SkillRemoval",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("removed_at", models.DateTimeField()),
                ("emailed_at", models.DateTimeField(blank=True, null=True)),
                (
                    "member",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="skill_removals",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "skill",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="removals",
                        to="members.skill",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("skill", "member"), name="skill_removal_once")
                ],
            },
        ),
    ]
