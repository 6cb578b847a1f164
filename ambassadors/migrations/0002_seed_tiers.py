"""Seed the programme's three tiers from the strategy's Ambassador Program Design: Champions
(many), Ambassadors (some), Advisors (few). Managers edit them afterwards; a tier that exists
already (by slug) is left as the managers made it."""

from django.db import migrations

TIERS = [
    {
        "level": 1,
        "name": "Champions",
        "slug": "champions",
        "description": "Many: active members who like to share what they do with Hub.",
        "requirements": "An active member with some contribution (code, docs, ideas, answers).",
        "benefits": ["Early access to new features", "Hub swag", "Public recognition"],
        "commitment_hours_min": 2,
        "commitment_hours_max": 4,
    },
    {
        "level": 2,
        "name": "Ambassadors",
        "slug": "ambassadors",
        "description": "Some: members who regularly create content or run events.",
        "requirements": "Regular content or events: posts, tutorials, talks or meetups.",
        "benefits": [
            "Everything Champions get",
            "A monthly stipend",
            "Direct access to the core team",
        ],
        "commitment_hours_min": 8,
        "commitment_hours_max": 12,
    },
    {
        "level": 3,
        "name": "Advisors",
        "slug": "advisors",
        "description": "Few: people with significant influence in our field.",
        "requirements": "Significant influence: a large audience, a community you lead, "
        "recognised expertise.",
        "benefits": [
            "Everything Ambassadors get",
            "Compensation",
            "Input into the co-operative's strategy",
        ],
        "commitment_hours_min": 20,
        "commitment_hours_max": None,
    },
]


def seed(apps, schema_editor):
    AmbassadorTier = apps.get_model("ambassadors", "AmbassadorTier")
    for data in TIERS:
        AmbassadorTier.objects.get_or_create(slug=data["slug"], defaults=data)


class Migration(migrations.Migration):
    dependencies = [("ambassadors", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
