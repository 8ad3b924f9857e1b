"""Background tasks (django-tasks, as used by Wagtail 8)."""

from django_tasks import task


@task()
def deliver_mail(delivery_id):
    """Send one stored grants e-mail; failures are recorded on the row, not raised."""
    from .emails import send_delivery

    return send_delivery(delivery_id)
