"""Both task backends really run work: the database queue (embedded) and Redis + RQ (at scale)."""

from __future__ import annotations

import os

import pytest
from django.core.management import call_command

from core.models import AuditEvent
from core.testing.tasks import record_probe


def _redis_or_skip(url: str):
    import redis

    conn = redis.Redis.from_url(url, socket_connect_timeout=1)
    try:
        conn.ping()
    except redis.exceptions.ConnectionError:
        if os.environ.get("CI"):
            pytest.fail(f"Redis is required in CI at {url}")
        pytest.skip(f"no Redis at {url}")
    return conn


@pytest.mark.real_tasks
@pytest.mark.django_db(transaction=True)
def test_it_runs_a_task_through_the_database_queue(settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    result = record_probe.enqueue("db-queue")
    assert not AuditEvent.objects.filter(action="tasks.probe").exists()
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    assert AuditEvent.objects.get(action="tasks.probe").data == {"label": "db-queue"}
    result.refresh()
    assert result.status == "SUCCESSFUL"
    assert result.return_value == "db-queue"


@pytest.mark.live
@pytest.mark.real_tasks
@pytest.mark.django_db(transaction=True)
def test_it_runs_a_task_through_redis_and_rq(settings):
    import django_rq

    url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
    conn = _redis_or_skip(url)
    queue_name = f"fidu-test-{os.getpid()}"
    settings.RQ_QUEUES = {queue_name: {"URL": url}, "default": {"URL": url}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": [queue_name]}}
    try:
        result = record_probe.using(queue_name=queue_name).enqueue("rq-queue")
        from django_tasks_rq.backend import Job
        from rq.worker import SimpleWorker

        # SimpleWorker runs the job in this process, which sees the test database;
        # production workers (`manage.py rqworker`) fork as usual.
        worker = django_rq.get_worker(queue_name, worker_class=SimpleWorker, job_class=Job)
        worker.work(burst=True)
        assert AuditEvent.objects.get(action="tasks.probe").data == {"label": "rq-queue"}
        result.refresh()
        assert result.status == "SUCCESSFUL"
    finally:
        for key in conn.keys(f"rq:*{queue_name}*"):
            conn.delete(key)
