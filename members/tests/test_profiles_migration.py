"""Migrations 0008 and 0009 put every existing skill on the list (accepted) and merge skills
whose names differ only in case, before the rule that forbids them."""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("members", "0007_plain_labels")]
AFTER = [("members", "0009_skill_review")]
AT = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)


def migrate(target):
    """Migrate the members app to `target`, every other app at its latest; return the
    historical models of that state."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    others = [leaf for leaf in executor.loader.graph.leaf_nodes() if leaf[0] != "members"]
    return executor.loader.project_state(others + target).apps


@pytest.fixture
def _back_to_latest():
    """Later tests expect every migration applied, whatever this one leaves behind."""
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("_back_to_latest")
def test_existing_skills_are_accepted_and_case_duplicates_merged():
    # Given skills made before the review, two of them the same name in another case
    old = migrate(BEFORE)
    User, Profile, Skill = (old.get_model("members", name) for name in ("User", "Profile", "Skill"))
    python, lower_python, go = (Skill.objects.create(name=n) for n in ("Python", "python", "Go"))
    both = Profile.objects.create(user=User.objects.create(email="a@example.com", joined_at=AT))
    both.skills.set([python, lower_python, go])
    lower_only = Profile.objects.create(
        user=User.objects.create(email="b@example.com", joined_at=AT)
    )
    lower_only.skills.set([lower_python])

    # When the migration runs
    new = migrate(AFTER)

    # then the oldest spelling stays, on every profile that had either, once; all accepted
    Skill, Profile = new.get_model("members", "Skill"), new.get_model("members", "Profile")
    assert sorted(Skill.objects.values_list("name", "status")) == [
        ("Go", "accepted"),
        ("Python", "accepted"),
    ]
    assert sorted(Profile.objects.get(pk=both.pk).skills.values_list("name", flat=True)) == [
        "Go",
        "Python",
    ]
    assert list(Profile.objects.get(pk=lower_only.pk).skills.values_list("pk", flat=True)) == [
        python.pk
    ]
