"""bench_metrics on a tiny community: it prints every measure, leaves no figure or synthetic
member behind, and refuses a database with a real community. (No timing is asserted.)"""

import io

import pytest
from django.core.management import CommandError, call_command

from members.models import Activity, User
from members.tests.factories import MemberFactory
from metrics.models import MemberMonth, MonthlySnapshot, RollupFill

pytestmark = pytest.mark.django_db


def bench(*args) -> str:
    out = io.StringIO()
    call_command("bench_metrics", *args, stdout=out)
    return out.getvalue()


def test_it_prints_every_measure_and_cleans_up():
    output = bench("--members", "40", "--activities", "400", "--months", "3")

    for line in (
        "Build: ",
        "Floor, COUNT(DISTINCT member_id) over ",
        "One month's final snapshot (",
        "    contributor_absence_factor: ",
        "Backfill of 3 months: ",
        "Cohort table (3 cohorts): ",
        "Dashboard page as a manager: ",
        "Peak memory of the process: ",
        "Removed the synthetic community",
    ):
        assert line in output, line
    assert not User.objects.exists()
    assert not Activity.objects.exists()
    assert not MonthlySnapshot.objects.exists()
    assert not MemberMonth.objects.exists()
    assert not RollupFill.objects.exists()


def test_keep_then_reuse_then_cleanup():
    bench("--members", "30", "--activities", "300", "--months", "2", "--keep")
    assert User.objects.count() == 31  # and the synthetic manager
    assert Activity.objects.count() == 300
    assert not MonthlySnapshot.objects.exists()  # figures never stay

    assert "Reusing 30 members and 300 activities." in bench("--months", "2", "--reuse", "--keep")
    bench("--cleanup")
    assert not User.objects.exists()


def test_it_refuses_a_database_with_real_members():
    MemberFactory()
    with pytest.raises(CommandError, match="has real members or monthly figures"):
        bench("--members", "10", "--activities", "10", "--months", "2")
    assert User.objects.count() == 1
