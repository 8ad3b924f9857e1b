"""`publish_scheduled` publishes and unpublishes each object once, also when two runs overlap
(cron on two app servers at the same minute; zib_wagtail.ops.scheduled).

The PostgreSQL tests commit for real (transaction=True, each thread its own connection);
serialized_rollback restores what the migrations created for the tests after them.
"""

import datetime
import threading
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connections, transaction
from django.utils import timezone
from wagtail.models import Page, PageLogEntry, Revision

from tests.builders import make_home_page, make_standard_page

PUBLISHED = "wagtail.publish.scheduled"
UNPUBLISHED = "wagtail.unpublish.scheduled"


def scheduled_page(home, title, minutes_ago=5):
    """A draft whose approved revision was due `minutes_ago` (as after „Veröffentlichen“ with
    „Veröffentlicht ab“ in the future, once that time has come)."""
    page = make_standard_page(home, title, live=False)
    due = timezone.now() - datetime.timedelta(minutes=minutes_ago)
    page.go_live_at = due
    page.save_revision(approved_go_live_at=due)
    return page


def expired_page(home, title, minutes_ago=5):
    return make_standard_page(
        home, title, expire_at=timezone.now() - datetime.timedelta(minutes=minutes_ago)
    )


def log_entries(page, action):
    return PageLogEntry.objects.filter(page=page, action=action).count()


@pytest.mark.django_db
def test_due_revision_is_published_and_expired_page_unpublished_once():
    home = make_home_page()
    due = scheduled_page(home, "Sprechstunde im Mai")
    later = make_standard_page(home, "Sommerfest", live=False)
    later.go_live_at = timezone.now() + datetime.timedelta(days=1)
    later.save_revision(approved_go_live_at=later.go_live_at)
    expired = expired_page(home, "Alte Ausschreibung")

    call_command("publish_scheduled")
    call_command("publish_scheduled")  # the next minute: nothing left to do

    due.refresh_from_db()
    later.refresh_from_db()
    expired.refresh_from_db()
    assert due.live and not later.live
    assert not expired.live and expired.expired
    assert log_entries(due, PUBLISHED) == 1
    assert log_entries(expired, UNPUBLISHED) == 1
    assert log_entries(later, PUBLISHED) == 0
    assert not Revision.objects.filter(object_id=str(due.pk), approved_go_live_at__isnull=False)
    assert Revision.objects.filter(object_id=str(later.pk), approved_go_live_at__isnull=False)


@pytest.mark.django_db
def test_dry_run_lists_and_changes_nothing():
    home = make_home_page()
    due = scheduled_page(home, "Sprechstunde im Mai")
    out = StringIO()

    call_command("publish_scheduled", "--dryrun", stdout=out)

    due.refresh_from_db()
    assert not due.live
    assert "Revisions to be published" in out.getvalue()
    assert log_entries(due, PUBLISHED) == 0


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_revision_another_run_holds_is_left_to_it():
    """While another run has the revision locked (it is publishing it), this run skips it;
    after that run committed, nothing is left to publish a second time."""
    home = make_home_page()
    page = scheduled_page(home, "Sprechstunde im Mai")
    locked, release = threading.Event(), threading.Event()
    errors = []

    def other_run():
        try:
            with transaction.atomic():
                revision = Revision.objects.select_for_update().get(
                    object_id=str(page.pk), approved_go_live_at__isnull=False
                )
                locked.set()
                release.wait(timeout=30)
                revision.publish(log_action=PUBLISHED)
        except Exception as error:  # reported by the assertion below
            errors.append(error)
            locked.set()
        finally:
            connections.close_all()

    thread = threading.Thread(target=other_run)
    thread.start()
    assert locked.wait(timeout=30)
    call_command("publish_scheduled")
    skipped = Page.objects.get(pk=page.pk).live
    release.set()
    thread.join(timeout=60)
    call_command("publish_scheduled")

    assert errors == []
    assert skipped is False
    assert Page.objects.get(pk=page.pk).live
    assert log_entries(page, PUBLISHED) == 1


RUNS = 2
PAGES = 8


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_runs_at_the_same_time_publish_each_page_once():
    home = make_home_page()
    due = [scheduled_page(home, f"Termin {number}") for number in range(PAGES)]
    expired = [expired_page(home, f"Ausschreibung {number}") for number in range(PAGES // 2)]
    barrier = threading.Barrier(RUNS)
    errors = []

    def run():
        try:
            barrier.wait(timeout=30)
            call_command("publish_scheduled")
        except Exception as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(RUNS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    assert [log_entries(page, PUBLISHED) for page in due] == [1] * PAGES
    assert [log_entries(page, UNPUBLISHED) for page in expired] == [1] * (PAGES // 2)
    assert all(Page.objects.get(pk=page.pk).live for page in due)
    assert not any(Page.objects.get(pk=page.pk).live for page in expired)
    # One revision each: the scheduled one, published, never a copy made by a second run.
    assert [Revision.objects.filter(object_id=str(page.pk)).count() for page in due] == [1] * PAGES
