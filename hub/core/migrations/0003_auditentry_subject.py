"""Audit entries get the member they are about and stop storing a written sentence.

Existing rows keep their sentence as `data["legacy_summary"]`; their subject is taken from the
target where the target is a member, or an object that belongs to one member (a badge award, a
spotlight, an award, a case study, an idea, a tier suggestion), from the RSVP stamped at the
same instant for check-ins and waitlist promotions (which a host or the system did), or from the
actor for what members did themselves (RSVPs, ideas, calendar feeds, leaving).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# (app label, model) of a target -> the field naming the member it belongs to.
OWNER_FIELD = {
    ("members", "badgeaward"): "member_id",
    ("members", "spotlight"): "member_id",
    ("members", "award"): "winner_id",
    ("members", "casestudy"): "member_id",
    ("members", "idea"): "author_id",
    ("members", "tiersuggestion"): "member_id",
    ("members", "activity"): "member_id",
}
# Event-targeted entries done to a member by someone else: the RSVP with this time stamp.
RSVP_STAMP = {"rsvp.checkin": "checked_in_at", "rsvp.promoted": "promoted_at"}
ACTOR_IS_SUBJECT = ("rsvp.", "idea.create", "calendar_feed.", "member.leave")


def _stamped_member(apps, entry, stamp_field: str) -> int | None:
    """The member whose RSVP at the target event carries the entry's time stamp; when several
    share it (a host checking a queue in at once), the one the summary names."""
    Rsvp = apps.get_model("events", "Rsvp")
    candidates = list(
        Rsvp.objects.filter(
            event_id=int(entry.target_id), **{stamp_field: entry.occurred_at}
        ).values_list("member_id", "member__profile__display_name", "member__email")
    )
    for member_id, display_name, email in candidates:
        names = [display_name, email.split("@")[0]]
        if any(name and name in entry.summary for name in names):
            return member_id
    return candidates[0][0] if len(candidates) == 1 else None


def forwards(apps, schema_editor):
    AuditEntry = apps.get_model("hub", "AuditEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    user_app, user_model = settings.AUTH_USER_MODEL.lower().split(".")
    types = {ct.pk: (ct.app_label, ct.model) for ct in ContentType.objects.all()}
    for entry in AuditEntry.objects.all().iterator():
        data = dict(entry.data or {})
        data["legacy_summary"] = entry.summary
        subject_id = None
        kind = types.get(entry.target_type_id)
        if kind == (user_app, user_model) and entry.target_id.isdigit():
            subject_id = int(entry.target_id)
        elif kind in OWNER_FIELD and entry.target_id.isdigit():
            try:
                model = apps.get_model(*kind)
            except LookupError:
                model = None
            if model is not None:
                subject_id = (
                    model.objects.filter(pk=int(entry.target_id))
                    .values_list(OWNER_FIELD[kind], flat=True)
                    .first()
                )
        elif entry.action in RSVP_STAMP and entry.target_id.isdigit():
            subject_id = _stamped_member(apps, entry, RSVP_STAMP[entry.action])
        elif entry.action.startswith(ACTOR_IS_SUBJECT):
            subject_id = entry.actor_id
        entry.data, entry.subject_id = data, subject_id
        entry.save(update_fields=["data", "subject"])


def backwards(apps, schema_editor):
    AuditEntry = apps.get_model("hub", "AuditEntry")
    for entry in AuditEntry.objects.all().iterator():
        entry.summary = (entry.data or {}).get("legacy_summary", entry.action)[:300]
        entry.save(update_fields=["summary"])


class Migration(migrations.Migration):
    dependencies = [
        ("hub", "0002_initial"),
        ("members", "0002_seed_tiers_points_and_managers"),
        ("events", "0002_series_hosts"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="auditentry",
            name="subject",
            field=models.ForeignKey(
                blank=True,
                help_text="The member the entry is about, if any (the one who got the badge, the seat, the new tier).",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="audit_entries_about",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="data",
            field=models.JSONField(
                blank=True,
                default=dict,
                help_text="The values of the change; never a person's name.",
            ),
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="summary",
            field=models.CharField(blank=True, default="", max_length=300),
        ),
        migrations.RunPython(forwards, backwards),
        migrations.RemoveField(model_name="auditentry", name="summary"),
    ]
