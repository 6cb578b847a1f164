"""The monthly report: written once a month is frozen, stored, emailed once to each manager
(a retry sends only what is missing), listing restatements once; and the pages that keep it."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.template.loader import render_to_string

from ambassadors.tests.factories import AmbassadorTermFactory
from events.models import GroupHealthSnapshot, HealthStatus
from events.tests.factories import UserGroupFactory
from hub.core.errors import DomainError
from members.selectors.activities import members_slipping_away
from members.tests.factories import ManagerFactory, MemberFactory
from metrics.models import MonthlyReport, MonthlyReportDelivery, ProgrammeSettings, SnapshotRevision
from metrics.services.reports import monthly_report_for_month
from metrics.services.snapshots import snapshot_restate, snapshots_compute_range
from metrics.tests.helpers import did, kyiv, person

pytestmark = pytest.mark.django_db

FEB, MAR = kyiv(2026, 2, 1).date(), kyiv(2026, 3, 1).date()
FROZEN = kyiv(2026, 4, 1, 2, 0)
SENT = kyiv(2026, 4, 1, 2, 5)


@pytest.fixture
def managers():
    return [
        ManagerFactory(email="marta@example.com", name="Marta Manager"),
        ManagerFactory(email="max@example.com", name="Max Manager"),
    ]


@pytest.fixture
def frozen_march(settings, managers):
    settings.SITE_URL = "https://hub.example.org"
    ProgrammeSettings.objects.update(programme_start=FEB)
    anna = person(kyiv(2026, 1, 10), name="Anna")
    bohdan = person(kyiv(2026, 1, 12), name="Bohdan")
    did(anna, "code", kyiv(2026, 2, 3))
    did(anna, "code", kyiv(2026, 3, 3))
    did(bohdan, "answer", kyiv(2026, 3, 4))
    list(snapshots_compute_range(first=FEB, last=MAR, now=FROZEN, computed_by="job"))
    # February is restated before the report goes out
    late = person(kyiv(2026, 1, 5), name="Late")
    did(late, "idea", kyiv(2026, 2, 9), recorded=kyiv(2026, 3, 20))
    snapshot_restate(
        month=FEB, now=kyiv(2026, 4, 1, 1, 0), reason="Ideas imported late.", restated_by="command"
    )
    group = UserGroupFactory(name="Kharkiv ML")
    GroupHealthSnapshot.objects.create(
        group=group,
        month=MAR,
        computed_at=FROZEN,
        window_start=kyiv(2026, 1, 1),
        window_end=kyiv(2026, 4, 1),
        frequency=Decimal(40),
        attendance=Decimal(50),
        growth=Decimal(50),
        leader=Decimal(60),
        score=Decimal("48.0"),
        status=HealthStatus.AT_RISK,
    )
    return anna


def test_the_report_goes_to_every_manager_once_with_absolute_links(frozen_march, managers):
    # When the month's report is made and sent
    report, sent = monthly_report_for_month(month=MAR, now=SENT)

    # then each manager got one email, plain text and HTML, with the figures and links
    assert sent == 2
    assert sorted(message.to[0] for message in mail.outbox) == [
        "marta@example.com",
        "max@example.com",
    ]
    message = mail.outbox[0]
    assert message.subject == "[Hub] The community in March 2026"
    assert "Active users: 2 (target 65: behind)" in message.body  # programme month 2
    assert "https://hub.example.org/metrics/" in message.body
    html = message.alternatives[0][0]
    assert 'href="https://hub.example.org/metrics/months/2026-03/"' in html
    # the restatement of February, the at-risk group and the slipping-away count are in it
    assert "February 2026, restated on 2026-04-01 by command: Ideas imported late." in message.body
    assert "Kharkiv ML: at risk, score 48.0" in message.body
    slipping = members_slipping_away(now=SENT).count()
    were = "member was" if slipping == 1 else "members were"
    assert f"MEMBERS SLIPPING AWAY\n{slipping} {were} active" in message.body
    # and it is stored, with one delivery per manager, and the restatement marked reported
    assert report.month == MAR
    assert MonthlyReportDelivery.objects.filter(report=report).count() == 2
    assert SnapshotRevision.objects.get().reported_in == report


def test_the_report_gives_the_ambassador_programme_figures_of_the_month(frozen_march, managers):
    # Given two ambassadors holding a term in March: Olena published two content pieces in
    # March and one in February, Petro one in March; no survey of ambassadors closed in March
    olena = person(kyiv(2026, 1, 2), name="Olena")
    petro = person(kyiv(2026, 1, 3), name="Petro")
    for ambassador in (olena, petro):
        AmbassadorTermFactory(member=ambassador, starts_at=kyiv(2026, 1, 20))
    did(olena, "content", kyiv(2026, 3, 5))
    did(olena, "content", kyiv(2026, 3, 19))
    did(olena, "content", kyiv(2026, 2, 25))
    did(petro, "content", kyiv(2026, 3, 7))

    # When March's report is made
    report, _sent = monthly_report_for_month(month=MAR, now=SENT)

    # then it gives the programme's figures, worked out by hand: 3 pieces by 2 ambassadors,
    # engagement 3 against February's 1, nobody began six months before, no NPS answers
    assert (
        "AMBASSADOR PROGRAMME\n"
        "- Ambassadors holding a term: 2\n"
        "- Content pieces each: 1.5 (3 in all; target 2 to 4)\n"
        "- Referrals each: 0.0 (0 in all)\n"
        "- Engagement: 3 activities (+200 % on the month before)\n"
        "- Still active six months after their term began: — of 0 (target above 60 %)\n"
        "- Ambassador NPS: — of 0 answers\n"
    ) in report.text_body
    assert "<li>Content pieces each: 1.5 (3 in all; target 2 to 4)</li>" in report.html_body


@pytest.mark.parametrize(
    ("count", "answers", "members"),
    [(1, "1 answer", "1 member was"), (2, "2 answers", "2 members were")],
)
def test_the_reports_counts_say_their_nouns_in_the_singular_or_plural(count, answers, members):
    context = {
        "satisfaction": "80 %",
        "satisfaction_answers": count,
        "nps": "40",
        "nps_answers": count,
        "ambassadors": {"nps": "50", "nps_answers": count},
        "slipping_away": count,
        "slipping_url": "https://hub.example.org/slipping/",
    }
    text = render_to_string("metrics/email/monthly_report.txt", context)
    html = render_to_string("metrics/_monthly_report_body.html", context)
    assert f"- Satisfaction: 80 % of {answers}; NPS 40 of {answers}\n" in text
    assert f"- Ambassador NPS: 50 of {answers}\n" in text
    assert f"\n{members} active in the 90 days before the last 30" in text
    assert "(s)" not in text
    assert f"Satisfaction: 80 % of {answers}; NPS 40 of {answers}." in html
    noun, verb = members.rsplit(" ", 1)
    assert f"{noun}</a> {verb} active in the 90 days" in html


def test_a_month_without_ambassadors_says_so_in_the_report(frozen_march, managers):
    report, _sent = monthly_report_for_month(month=MAR, now=SENT)
    assert "AMBASSADOR PROGRAMME\n- No ambassador held a term this month." in report.text_body


def test_running_it_again_sends_nothing_and_a_new_manager_only_gets_what_is_missing(
    frozen_march, managers
):
    monthly_report_for_month(month=MAR, now=SENT)
    assert monthly_report_for_month(month=MAR, now=SENT + timedelta(hours=1))[1] == 0
    assert len(mail.outbox) == 2

    ManagerFactory(email="mia@example.com", name="Mia Manager")
    report, sent = monthly_report_for_month(month=MAR, now=SENT + timedelta(hours=2))

    assert sent == 1
    assert mail.outbox[-1].to == ["mia@example.com"]
    assert MonthlyReport.objects.count() == 1
    assert report.deliveries.count() == 3


def test_members_who_are_not_managers_get_nothing(frozen_march, managers):
    MemberFactory(email="someone@example.com")
    monthly_report_for_month(month=MAR, now=SENT)
    assert "someone@example.com" not in [message.to[0] for message in mail.outbox]


def test_a_restatement_is_listed_in_the_next_report_only(frozen_march, managers):
    monthly_report_for_month(month=MAR, now=SENT)
    list(
        snapshots_compute_range(
            first=kyiv(2026, 4, 1).date(),
            last=kyiv(2026, 4, 1).date(),
            now=kyiv(2026, 5, 1, 2),
            computed_by="job",
        )
    )
    april, _sent = monthly_report_for_month(month=kyiv(2026, 4, 1).date(), now=kyiv(2026, 5, 1, 3))
    assert april.content["restatements"] == []
    assert "None: every frozen month keeps the figures it was frozen with." in april.text_body


def test_no_report_for_a_month_not_frozen(managers):
    with pytest.raises(DomainError, match="once the month is frozen"):
        monthly_report_for_month(month=MAR, now=SENT)
    assert not MonthlyReport.objects.exists()
    assert mail.outbox == []


def test_managers_read_past_reports_on_the_site(client_for, frozen_march, managers):
    monthly_report_for_month(month=MAR, now=SENT)
    client = client_for(managers[0])
    listing = client.get("/metrics/reports/").content.decode()
    assert 'href="/metrics/reports/2026-03/"' in listing
    page = client.get("/metrics/reports/2026-03/").content.decode()
    assert "emailed to 2 managers" in page
    assert "Ideas imported late." in page
    assert client.get("/metrics/reports/2026-02/").status_code == 404
    assert client.get("/metrics/reports/march/").status_code == 404


def test_the_report_list_costs_the_same_queries_for_3_reports_as_for_12(
    client_for, managers, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def reports(count, offset=0):
        for index in range(count):
            month = kyiv(2020 + (index + offset) // 12, (index + offset) % 12 + 1, 1).date()
            MonthlyReport.objects.create(
                month=month, created_at=SENT, content={}, subject="s", text_body="t", html_body="h"
            )

    client = client_for(managers[0])
    reports(3)
    with CaptureQueriesContext(connection) as few:
        assert client.get("/metrics/reports/").status_code == 200
    reports(9, offset=3)
    with django_assert_max_num_queries(len(few)):
        assert client.get("/metrics/reports/").status_code == 200
