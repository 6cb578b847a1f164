"""Seed the engagement tiers of the growth strategy, the points per activity kind, the default
promotion rules, and the Community managers group (its permissions are granted after migrate)."""

from decimal import Decimal

from django.db import migrations

TIERS = [
    {
        "level": 1,
        "name": "Contributors",
        "slug": "contributors",
        "pricing": "free",
        "description": "Everyone starts here: take part, contribute, get recognised.",
        "benefits": [
            "Access to all public resources",
            "Community forum participation",
            "Monthly virtual meetups",
            "Contribution recognition",
        ],
        "share": (Decimal("0"), Decimal("0"), Decimal("0")),
    },
    {
        "level": 2,
        "name": "Active Members",
        "slug": "active-members",
        "pricing": "free/paid",
        "description": "Regular contributors with closer access and a share of the revenue.",
        "benefits": [
            "Tier 1 benefits",
            "Priority support",
            "Advanced workshops",
            "Mentorship access",
            "Inner circle discussions",
            "5-10% revenue share",
        ],
        "share": (Decimal("5"), Decimal("10"), Decimal("5")),
    },
    {
        "level": 3,
        "name": "Core Team",
        "slug": "core-team",
        "pricing": "paid/equity",
        "description": "The people who steer the co-operative with us.",
        "benefits": [
            "Tier 2 benefits",
            "Decision-making power",
            "Strategic planning participation",
            "15-25% revenue share",
            "Equity options",
            "Dedicated support",
        ],
        "share": (Decimal("15"), Decimal("25"), Decimal("15")),
    },
]

POINTS = {
    "code": 10,
    "docs": 8,
    "idea": 5,
    "answer": 4,
    "content": 8,
    "event_attendance": 3,
    "event_hosting": 10,
    "mentoring": 6,
    "feedback": 2,
    "referral": 5,
}

# Activity on N distinct days and M contributions within 90 days to be suggested for the tier.
RULES = {2: (8, 4), 3: (20, 15)}


def seed(apps, schema_editor):
    Tier = apps.get_model("members", "Tier")
    ActivityPoints = apps.get_model("members", "ActivityPoints")
    PromotionRule = apps.get_model("members", "PromotionRule")
    Group = apps.get_model("auth", "Group")
    for data in TIERS:
        low, high, current = data["share"]
        tier, _ = Tier.objects.update_or_create(
            level=data["level"],
            defaults={
                "name": data["name"],
                "slug": data["slug"],
                "pricing": data["pricing"],
                "description": data["description"],
                "benefits": data["benefits"],
                "revenue_share_min_percent": low,
                "revenue_share_max_percent": high,
                "revenue_share_percent": current,
            },
        )
        if data["level"] in RULES:
            days, contributions = RULES[data["level"]]
            PromotionRule.objects.update_or_create(
                tier=tier,
                defaults={
                    "window_days": 90,
                    "min_active_days": days,
                    "min_contributions": contributions,
                },
            )
    for kind, points in POINTS.items():
        ActivityPoints.objects.update_or_create(kind=kind, defaults={"points": points})
    Group.objects.get_or_create(name="Community managers")


def unseed(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Community managers").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
