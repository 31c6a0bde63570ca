"""The step runner (issues 10.3 and 12): the only record of each step, bounded attempts
with backoff, the processing claim, and a resume that neither doubles nor forgets work."""

from __future__ import annotations

import importlib
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks.signals import task_enqueued

from core.texts import render
from documents import services
from documents.intake import enqueue_processing, process, register_step, resume_unfinished
from documents.intake.steps import StepFailed
from documents.models import DocState, Document, DocumentStep, StepStatus

pytestmark = pytest.mark.django_db
registry = importlib.import_module("documents.intake.steps")  # the package exports steps()


@pytest.fixture
def resume(django_capture_on_commit_callbacks):
    """resume() as the periodic job calls it (its enqueues happen on commit)."""

    def _resume() -> int:
        with django_capture_on_commit_callbacks(execute=True):
            return resume_unfinished()

    return _resume


@pytest.fixture
def queued_tasks():
    """The document ids of every processing task queued while the test runs."""
    seen: list[int] = []

    def record(sender, task_result, **kwargs):
        if task_result.task.name == "process_document":
            seen.append(task_result.args[0])

    task_enqueued.connect(record)
    yield seen
    task_enqueued.disconnect(record)


@pytest.fixture
def backlog(settings):
    """Tasks are queued and never run (a busy worker): the queue only grows."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def flaky_step():
    """A step `flaky` after `pages` that fails while `calls['fail']` says so."""
    calls = {"runs": 0, "fail": True, "error": RuntimeError("engine crashed")}

    def run(doc):
        calls["runs"] += 1
        if calls["fail"]:
            raise calls["error"]
        return None

    saved = registry.steps()
    register_step("flaky", run, after="pages")
    yield calls
    registry._steps[:] = saved


def row(doc, name: str) -> DocumentStep:
    return DocumentStep.objects.get(document=doc, name=name)


def age(*docs, seconds: int = 3600) -> None:
    Document.objects.filter(pk__in=[d.pk for d in docs]).update(
        created_at=timezone.now() - timedelta(seconds=seconds)
    )


def make_due(doc, name: str) -> None:
    """The backoff has passed (a step failed for good stays so)."""
    DocumentStep.objects.filter(document=doc, name=name, next_attempt_at__isnull=False).update(
        next_attempt_at=timezone.now() - timedelta(seconds=1)
    )


def test_resume_queues_no_more_tasks_over_three_cycles_with_a_backlog(
    handed_in, backlog, queued_tasks, resume
):
    docs = [handed_in(file=None, name=f"f{i}.pdf")[0] for i in range(5)]
    assert sorted(queued_tasks) == sorted(d.pk for d in docs)  # one task each, not run yet
    age(*docs)  # the backlog is older than any resume threshold
    queued_before = len(queued_tasks)
    for _cycle in range(3):
        assert resume() == 0
    assert len(queued_tasks) == queued_before
    # A worker killed while running one of them: that one is queued again, once.
    Document.objects.filter(pk=docs[0].pk).update(
        processing_state="running", processing_claimed_at=timezone.now() - timedelta(hours=1)
    )
    assert [resume() for _cycle in range(3)] == [1, 0, 0]
    assert queued_tasks.count(docs[0].pk) == 2


def test_a_duplicate_enqueue_is_a_no_op(handed_in, backlog, queued_tasks):
    [doc] = handed_in()
    assert enqueue_processing(doc.pk) is False
    assert queued_tasks == [doc.pk]


def test_resume_covers_every_registered_step_not_only_visual_and_pages(
    handed_in, queued_tasks, resume
):
    [doc] = handed_in()
    # Left by a killed worker after the pages: extraction and proposal never ran.
    DocumentStep.objects.filter(document=doc, name__in=["extraction", "proposal"]).update(
        status=StepStatus.PENDING
    )
    age(doc)
    assert resume() == 1
    assert row(doc, "extraction").status == StepStatus.SKIPPED  # recognition is off here
    assert row(doc, "proposal").status == StepStatus.SKIPPED


def test_a_failed_step_is_tried_a_bounded_number_of_times_with_backoff(
    handed_in, flaky_step, settings, queued_tasks, resume
):
    settings.FIDU_INTAKE_MAX_ATTEMPTS = 3
    [doc] = handed_in()
    step = row(doc, "flaky")
    assert step.status == StepStatus.FAILED and step.attempts == 1
    assert step.next_attempt_at > timezone.now() + timedelta(seconds=30)  # backoff
    assert "RuntimeError" in render(step.reason)
    assert row(doc, "extraction").status == StepStatus.PENDING  # the later steps wait
    age(doc)
    assert resume() == 0  # not due yet
    for _attempt in range(5):
        make_due(doc, "flaky")
        resume()
    step = row(doc, "flaky")
    assert flaky_step["runs"] == 3 and step.attempts == 3
    assert step.status == StepStatus.FAILED and step.next_attempt_at is None  # for good
    # Failed for good: the later steps run (and skip what they lack); nothing is pending.
    assert row(doc, "extraction").status == StepStatus.SKIPPED
    assert [resume() for _cycle in range(3)] == [0, 0, 0]
    assert flaky_step["runs"] == 3


def test_the_persons_retry_starts_the_count_again(
    handed_in, flaky_step, settings, world, django_capture_on_commit_callbacks
):
    settings.FIDU_INTAKE_MAX_ATTEMPTS = 1
    [doc] = handed_in()
    assert (
        row(doc, "flaky").status == StepStatus.FAILED and row(doc, "flaky").next_attempt_at is None
    )
    client = world.client_for(world.clients["administrator"])
    page = client.get(reverse("document_detail", args=[doc.pk])).content.decode()
    assert 'data-testid="retry"' in page and "Failed after 1 attempt." in page
    assert 'data-processing="0"' in page  # no endless "Preparing the preview"
    flaky_step["fail"] = False
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("document_retry", args=[doc.pk]))
    assert response.status_code == 302
    step = row(doc, "flaky")
    assert step.status == StepStatus.DONE and step.attempts == 1 and flaky_step["runs"] == 2


def test_a_file_that_cannot_be_converted_fails_at_once_and_shows_why(handed_in, world):
    [doc] = handed_in(file=b"%PDF-1.4\n garbage garbage", name="broken.pdf")
    visual = row(doc, "visual")
    assert visual.status == StepStatus.FAILED and visual.attempts == 1
    assert visual.next_attempt_at is None  # the file is the problem: no automatic retry
    assert row(doc, "pages").status == StepStatus.SKIPPED
    assert not doc.steps.filter(status=StepStatus.PENDING).exists()
    client = world.client_for(world.clients["administrator"])
    page = client.get(reverse("document_detail", args=[doc.pk])).content.decode()
    assert 'data-processing="0"' in page and 'data-testid="retry"' in page


def test_a_deleted_document_is_never_queued_again_nor_processed(
    handed_in, backlog, queued_tasks, world, resume
):
    [doc] = handed_in()
    Document.objects.filter(pk=doc.pk).update(processing_state="")  # its task was lost
    doc.refresh_from_db()
    services.document_delete(actor=world.clients["administrator"], document=doc)
    age(doc)
    assert [resume() for _cycle in range(3)] == [0, 0, 0]
    assert enqueue_processing(doc.pk) is False
    process(doc.pk)  # a task queued before the deletion
    assert not doc.steps.exclude(status=StepStatus.PENDING).exists()
    assert queued_tasks == [doc.pk]


def test_two_tasks_never_run_the_same_document_at_once(handed_in, backlog):
    [doc] = handed_in()
    Document.objects.filter(pk=doc.pk).update(
        processing_state="running", processing_claimed_at=timezone.now()
    )
    process(doc.pk)  # a second task while a worker holds it
    assert row(doc, "visual").status == StepStatus.PENDING
    Document.objects.filter(pk=doc.pk).update(
        processing_claimed_at=timezone.now() - timedelta(hours=1)
    )
    process(doc.pk)  # that worker was killed: its stale claim is taken over
    assert row(doc, "visual").status == StepStatus.DONE
    doc.refresh_from_db()
    assert doc.processing_state == "" and doc.processing_token == ""


def test_a_step_that_kills_its_worker_every_time_stops(handed_in, backlog, settings):
    settings.FIDU_INTAKE_MAX_ATTEMPTS = 2
    [doc] = handed_in()
    DocumentStep.objects.filter(document=doc, name="visual").update(
        status=StepStatus.RUNNING, attempts=2
    )
    Document.objects.filter(pk=doc.pk).update(
        processing_state="running", processing_claimed_at=timezone.now() - timedelta(hours=1)
    )
    process(doc.pk)
    visual = row(doc, "visual")
    assert visual.status == StepStatus.FAILED and visual.attempts == 2
    assert "stopped 2 times" in render(visual.reason)


def test_a_step_failure_carries_a_stored_text(handed_in, flaky_step):
    flaky_step["error"] = StepFailed({"msgid": "Unknown mailbox."}, permanent=True)
    [doc] = handed_in()
    step = row(doc, "flaky")
    assert step.reason == {"msgid": "Unknown mailbox."} and step.next_attempt_at is None


def test_notices_and_reasons_are_shown_in_the_readers_language(handed_in, world, settings):
    settings.FIDU_PDF_MAX_BYTES = 1000
    [doc] = handed_in(file=b"%PDF-1.4\n" + b"x" * 3000)
    doc.refresh_from_db()
    assert doc.notice["msgid"] == "This PDF is %(size)s MB; the limit is %(max)s MB."
    user = world.clients["administrator"]
    user.language = "nl"
    user.save()
    page = world.client_for(user).get(reverse("document_detail", args=[doc.pk]))
    assert "de limiet is" in page.content.decode().lower()
    # A row written before notices were codes still shows its text.
    Document.objects.filter(pk=doc.pk).update(notice="An older notice, in plain text.")
    page = world.client_for(user).get(reverse("document_detail", args=[doc.pk]))
    assert "An older notice, in plain text." in page.content.decode()


def test_retry_refuses_a_deleted_document(handed_in, world):
    [doc] = handed_in(file=b"%PDF-1.4\n garbage", name="broken.pdf")
    services.document_delete(actor=world.clients["administrator"], document=doc)
    doc.refresh_from_db()
    assert doc.state == DocState.DELETED
    with pytest.raises(Exception, match="deleted"):
        services.step_retry(actor=world.clients["administrator"], document=doc)


def test_the_resume_command_at_start_takes_over_a_fresh_claim_of_a_killed_worker(
    handed_in, backlog, queued_tasks, django_capture_on_commit_callbacks
):
    from django.core.management import call_command

    [doc] = handed_in()
    # SIGKILL mid-step a second ago: its claim still looks fresh, but no worker runs now.
    Document.objects.filter(pk=doc.pk).update(
        processing_state="running", processing_claimed_at=timezone.now()
    )
    DocumentStep.objects.filter(document=doc, name="visual").update(status=StepStatus.RUNNING)
    with django_capture_on_commit_callbacks(execute=True):
        assert resume_unfinished(0) == 0  # the periodic resume waits for the claim to go stale
        call_command("intake_resume")
    assert queued_tasks == [doc.pk, doc.pk]
