"""Users get `email_hash`, the keyed hash of their address that survives its erasure, so that
importing the same file again recognises a member who left. Existing rows get theirs from their
address; members already erased have no address left, so theirs stays empty."""

from django.db import migrations, models

# The app's own function, so the migration and the code can never disagree on the key.
from members.models import ERASED_EMAIL_DOMAIN, email_lookup_hash

BATCH_SIZE = 2000


def fill_email_hashes(apps, schema_editor):
    User = apps.get_model("members", "User")
    batch = []
    for user in (
        User.objects.exclude(email__endswith="@" + ERASED_EMAIL_DOMAIN)
        .only("pk", "email")
        .iterator(chunk_size=BATCH_SIZE)
    ):
        user.email_hash = email_lookup_hash(user.email)
        batch.append(user)
        if len(batch) == BATCH_SIZE:
            User.objects.bulk_update(batch, ["email_hash"])
            batch = []
    User.objects.bulk_update(batch, ["email_hash"])


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0002_seed_tiers_points_and_managers"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="email_hash",
            field=models.CharField(
                blank=True,
                db_index=True,
                editable=False,
                help_text="Keyed hash of the email (`email_lookup_hash`), kept after the email is "
                "erased so that importing the same file again recognises the person.",
                max_length=64,
            ),
        ),
        migrations.RunPython(fill_email_hashes, migrations.RunPython.noop),
    ]
