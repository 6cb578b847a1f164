"""A task goes through Redis to a real Celery worker and comes back (not eager, not mocked)."""

import pytest
from celery.backends.redis import RedisBackend
from celery.contrib.testing.worker import start_worker
from celery.result import AsyncResult
from django.conf import settings

from hub.celery import app
from hub.core.tasks import ping


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_ping_runs_on_a_real_worker_over_redis():
    # Given a worker consuming from the Redis broker, storing results in Redis. The worker runs
    # in a new thread, so it builds its result backend from this configuration; the test reads
    # through its own backend because this thread may have cached the disabled one already.
    app.conf.task_always_eager = False
    app.conf.result_backend = settings.REDIS_URL
    results = RedisBackend(app=app, url=settings.REDIS_URL)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
            # When the task is sent through the broker
            sent = ping.delay()
            # then the worker runs it and answers
            result = AsyncResult(sent.id, backend=results, app=app)
            assert result.get(timeout=30) == "pong"
            assert result.successful()
    finally:
        app.conf.result_backend = None
