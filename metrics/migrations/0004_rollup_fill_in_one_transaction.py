"""The rollup is filled by delete-then-insert in one transaction (metrics.services.rollups), so
a fill is never seen half done: the rows' generation and the fill's started state go. A fill
left `started` by the old code is dropped, and the next computation of its month fills it."""

from django.db import migrations, models


def drop_unfinished_fills(apps, schema_editor):
    RollupFill = apps.get_model("metrics", "RollupFill")
    RollupFill.objects.exclude(state="done").delete()


class Migration(migrations.Migration):
    dependencies = [("metrics", "0003_cohort_cells_and_growth_targets")]

    operations = [
        migrations.RunPython(drop_unfinished_fills, migrations.RunPython.noop),
        migrations.RemoveField(model_name="membermonth", name="generation"),
        migrations.RemoveField(model_name="rollupfill", name="generation"),
        migrations.RemoveField(model_name="rollupfill", name="started_at"),
        migrations.RemoveField(model_name="rollupfill", name="state"),
        migrations.RenameField(
            model_name="rollupfill", old_name="finished_at", new_name="filled_at"
        ),
        migrations.AlterField(
            model_name="rollupfill", name="filled_at", field=models.DateTimeField()
        ),
    ]
