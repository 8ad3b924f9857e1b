"""„Erneut zustellen“: try a delivery again right now, whatever its status and schedule."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .delivery import deliver
from .models import WebhookDelivery
from .permissions import can_redeliver


@require_POST
def redeliver(request, pk):
    if not can_redeliver(request.user):
        raise PermissionDenied
    delivery = get_object_or_404(WebhookDelivery.objects.select_related("endpoint"), pk=pk)
    status = deliver(delivery.pk, force=True)
    delivery.refresh_from_db()
    if status == WebhookDelivery.Status.SUCCEEDED:
        messages.success(request, _("Die Zustellung ist gelungen."))
    elif status is None:
        messages.info(request, _("Die Zustellung läuft gerade; bitte später nachsehen."))
    else:
        messages.error(
            request, _("Zustellung fehlgeschlagen: %(error)s") % {"error": delivery.last_error}
        )
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
        next_url = ""
    return redirect(next_url or "webhooks_deliveries:inspect", *([] if next_url else [pk]))
