"""Scheduled publishing that happens once, however many servers run it at the same minute.

Wagtail's `publish_scheduled` reads the due objects and then publishes (or unpublishes) each of
them: two runs that overlap — cron on two app servers, or a run that outlasts its minute — both
find the same revision and publish it twice (two revisions in the history, two log entries, two
webhooks). Here each object is taken in its own transaction with `SELECT … FOR UPDATE SKIP
LOCKED` and checked again under that lock: a run skips what another run is working on, and sees
that the other run has done it once that commits (the revision is no longer scheduled, the page
no longer live). On SQLite, which has no row locks, it is Wagtail's behaviour (one process).
"""

from django.apps import apps
from django.db import transaction
from django.utils import timezone
from wagtail.models import DraftStateMixin, Page, Revision


def scheduled_models():
    """Pages and every other model with a draft state (snippets), as Wagtail's command has."""
    return [Page] + [
        model
        for model in apps.get_models()
        if issubclass(model, DraftStateMixin) and not issubclass(model, Page)
    ]


def unpublish_expired(now=None):
    """Unpublish every live object whose expiry has passed; return how many this run did."""
    now = now or timezone.now()
    done = 0
    for model in scheduled_models():
        due = model.objects.filter(live=True, expire_at__lt=now).order_by("expire_at")
        for pk in list(due.values_list("pk", flat=True)):
            with transaction.atomic():
                obj = _locked(model.objects.filter(pk=pk, live=True, expire_at__lt=now))
                if obj is not None:
                    obj.unpublish(set_expired=True, log_action="wagtail.unpublish.scheduled")
                    done += 1
    return done


def publish_due(now=None):
    """Publish every revision whose approved go-live time has passed; return how many."""
    now = now or timezone.now()
    done = 0
    due = Revision.objects.filter(approved_go_live_at__lt=now).order_by("approved_go_live_at")
    for pk in list(due.values_list("pk", flat=True)):
        with transaction.atomic():
            revision = _locked(Revision.objects.filter(pk=pk, approved_go_live_at__lt=now))
            if revision is not None:
                # As Wagtail's command: the go-live time has passed, so this makes it live.
                revision.publish(log_action="wagtail.publish.scheduled")
                done += 1
    return done


def _locked(queryset):
    """The row, locked until the end of the transaction; None if it is no longer due or
    another run holds it."""
    return queryset.select_for_update(skip_locked=True).first()
