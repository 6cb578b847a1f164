"""Management commands: make_manager and seed_demo."""

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command

from hub.core.extension_points import DEMO_MANAGER_EMAIL, DEMO_MEMBER_EMAIL, DEMO_PASSWORD
from members.models import Activity, Tier, TierMembership, User
from members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def test_make_manager_makes_staff_in_the_group_not_superuser(capsys):
    member = MemberFactory(email="future.manager@example.com")
    call_command("make_manager", "Future.Manager@example.com")
    member.refresh_from_db()
    assert member.is_staff
    assert not member.is_superuser
    assert member.is_manager
    assert member.has_perm("members.change_tier")
    assert "is now a community manager" in capsys.readouterr().out


def test_make_manager_with_an_unknown_email_says_so():
    with pytest.raises(CommandError, match=r"No account uses nobody@example\.com"):
        call_command("make_manager", "nobody@example.com")


def test_seed_demo_builds_a_community_and_is_safe_to_run_twice(capsys):
    call_command("seed_demo", "--members", "24", "--seed", "7")
    first_output = capsys.readouterr().out
    counts = (User.objects.count(), Activity.objects.count(), TierMembership.objects.count())
    # members in every tier, twelve months of activity, and the two demo logins work
    current_levels = set(
        TierMembership.objects.filter(ended_at__isnull=True).values_list("tier__level", flat=True)
    )
    assert current_levels == set(Tier.objects.values_list("level", flat=True))
    assert Activity.objects.dates("occurred_at", "month").count() >= 11
    manager = authenticate(email=DEMO_MANAGER_EMAIL, password=DEMO_PASSWORD)
    assert manager is not None
    assert manager.is_manager
    assert authenticate(email=DEMO_MEMBER_EMAIL, password=DEMO_PASSWORD) is not None
    # some members left (through member_leave), and the later steps coped with them
    assert User.objects.filter(left_at__isnull=False).exists()
    assert "[1/" in first_output
    assert DEMO_MANAGER_EMAIL in first_output

    call_command("seed_demo", "--members", "24", "--seed", "7")
    assert (User.objects.count(), Activity.objects.count(), TierMembership.objects.count()) == (
        counts
    )


def test_seed_demo_if_empty_leaves_an_existing_community_alone(capsys):
    MemberFactory()
    call_command("seed_demo", "--if-empty")
    assert User.objects.count() == 1
    assert "already has members" in capsys.readouterr().out


def test_seed_demo_refuses_too_few_members():
    with pytest.raises(CommandError, match="at least 12"):
        call_command("seed_demo", "--members", "5")


def test_managers_get_the_permissions_of_every_community_app_after_migrate():
    from django.conf import settings
    from django.contrib.auth.models import Group, Permission

    group = Group.objects.get(name=settings.COMMUNITY_MANAGERS_GROUP)
    granted = set(group.permissions.values_list("content_type__app_label", "codename"))
    for app_label in ("members", "events"):
        expected = set(
            Permission.objects.filter(content_type__app_label=app_label)
            .exclude(content_type__model="apitoken")  # only their owner makes and revokes them
            .values_list("content_type__app_label", "codename")
        )
        assert expected
        assert expected <= granted, f"managers miss {sorted(expected - granted)[:3]}"
    assert not granted & {("members", "view_apitoken"), ("members", "add_apitoken")}
