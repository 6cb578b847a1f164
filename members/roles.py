"""Roles: the Community managers group and what it may do.

The group itself is created by a data migration; its permissions are every permission of the
apps registered at `hub.core.extension_points.managed_apps` plus viewing and pausing the
scheduled jobs. They are
granted after each migrate so that models added later are covered without another migration.
"""

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q

from hub.core.errors import DomainError
from hub.core.extension_points import managed_apps
from members.models import User

#: Beyond the community apps: see and pause scheduled jobs. Never API tokens: only their owner
#: makes and revokes them (members.services.tokens), so no one can act as someone else.
EXTRA_MANAGER_PERMISSIONS = [
    ("django_celery_beat", "view_periodictask"),
    ("django_celery_beat", "change_periodictask"),
    ("django_celery_beat", "view_crontabschedule"),
    ("auth", "view_group"),
]


#: Models of the managed apps that managers still may not touch: the members app's API tokens.
WITHHELD_MODELS = [("members", "apitoken")]


def manager_permissions():
    extra = Q()
    for app_label, codename in EXTRA_MANAGER_PERMISSIONS:
        extra |= Q(content_type__app_label=app_label, codename=codename)
    withheld = Q(pk__in=[])
    for app_label, model in WITHHELD_MODELS:
        withheld |= Q(content_type__app_label=app_label, content_type__model=model)
    return Permission.objects.filter(
        Q(content_type__app_label__in=[app.app for app in managed_apps.items()]) | extra
    ).exclude(withheld)


def grant_manager_permissions() -> Group:
    group, _ = Group.objects.get_or_create(name=settings.COMMUNITY_MANAGERS_GROUP)
    group.permissions.add(*manager_permissions())
    return group


def grant_manager_permissions_after_migrate(**kwargs) -> None:
    grant_manager_permissions()


@transaction.atomic
def manager_make(*, email: str) -> User:
    """Make an existing account a community manager: staff, in the group, not a superuser."""
    user = User.objects.filter(email__iexact=email.strip()).first()
    if user is None:
        raise DomainError(f"No account uses {email}. Ask them to sign up first.")
    if user.left_at is not None:
        raise DomainError(f"{email} has left the community and cannot be a manager.")
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.groups.add(grant_manager_permissions())
    return user
