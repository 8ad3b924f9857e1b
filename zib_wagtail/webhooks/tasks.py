"""Background tasks (django-tasks, as used by Wagtail 8)."""

from django_tasks import task


@task()
def deliver_webhook(delivery_id):
    """Try one webhook delivery; failures are recorded on the delivery, not raised."""
    from .delivery import deliver

    return deliver(delivery_id)
