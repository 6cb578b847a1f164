"""Landing hooks run on every response and can never cost a visitor their page."""

import pytest

from hub.core.extension_points import LandingHook, landing_hooks

pytestmark = pytest.mark.django_db


@pytest.fixture
def hook():
    seen = []

    def process(*, request, response):
        seen.append(request.path)
        response.set_cookie("landing_test", "1")
        if request.GET.get("boom"):
            raise RuntimeError("a broken hook")

    landing_hooks.register(LandingHook(app="test", name="test_hook", process=process))
    yield seen
    landing_hooks.unregister("test_hook")


def test_a_landing_hook_sees_every_page_and_may_set_a_cookie(client, hook):
    response = client.get("/events/")
    assert response.status_code == 200
    assert hook == ["/events/"]
    assert response.cookies["landing_test"].value == "1"


def test_a_failing_hook_does_not_fail_the_page(client, hook):
    assert client.get("/?boom=1").status_code == 200
