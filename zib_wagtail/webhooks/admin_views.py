"""„Erneut zustellen“: try a delivery again right now, whatever its status and schedule.
„Test-Ereignis senden“: send a test event („ping“) to one endpoint right now."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin import messages as admin_messages
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views.generic.base import BaseObjectMixin, WagtailAdminTemplateMixin

from .delivery import deliver, send_ping
from .models import WebhookDelivery, WebhookEndpoint
from .permissions import can_redeliver, can_send_ping

#: Longest error text quoted in the message after a failed test event (the log has all of it).
MESSAGE_ERROR_LENGTH = 300


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


class EndpointPingView(BaseObjectMixin, WagtailAdminTemplateMixin, TemplateView):
    """GET: what will be sent, and the button; POST: send it and say how it went.

    Inactive endpoints may be tested too (to check a receiver before switching it on again)."""

    model = WebhookEndpoint
    template_name = "zib_webhooks/admin/endpoint_ping.html"
    page_title = gettext_lazy("Test-Ereignis senden")
    header_icon = "mail"
    index_url_name = None
    inspect_url_name = None
    ping_url_name = None

    def setup(self, request, *args, **kwargs):
        # Before the endpoint is looked up. The same rule as „Erneut zustellen“; Wagtail's admin
        # turns the refusal into its usual „no permission“ redirect.
        if not can_send_ping(request.user):
            raise PermissionDenied
        super().setup(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        items = [
            {
                "url": reverse(self.index_url_name),
                "label": capfirst(WebhookEndpoint._meta.verbose_name_plural),
            },
            {"url": self.back_url, "label": str(self.object)},
            {"url": "", "label": self.get_page_title(), "sublabel": str(self.object)},
        ]
        return self.breadcrumbs_items + items

    @property
    def back_url(self):
        return reverse(self.inspect_url_name, args=[self.object.pk])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["object"] = self.object
        context["ping_url"] = reverse(self.ping_url_name, args=[self.object.pk])
        context["next_url"] = get_valid_next_url_from_request(self.request)
        context["cancel_url"] = context["next_url"] or self.back_url
        return context

    def post(self, request, *args, **kwargs):
        endpoint = self.object
        delivery = send_ping(endpoint)
        name = endpoint.name
        buttons = [
            admin_messages.button(
                reverse("webhooks_deliveries:inspect", args=[delivery.pk]),
                _("Zustellung ansehen"),
            )
        ]
        if delivery.status == WebhookDelivery.Status.SUCCEEDED:
            admin_messages.success(
                request,
                _("Test-Ereignis an „%(name)s“ zugestellt: HTTP %(status)s.")
                % {"name": name, "status": delivery.last_status_code},
                buttons=buttons,
            )
        elif delivery.status == WebhookDelivery.Status.PENDING:  # another worker has it
            admin_messages.info(
                request,
                _("Test-Ereignis an „%(name)s“ wartet auf die Zustellung.") % {"name": name},
                buttons=buttons,
            )
        else:
            error = Truncator(delivery.last_error).chars(MESSAGE_ERROR_LENGTH)
            admin_messages.error(
                request,
                _("Test-Ereignis an „%(name)s“ nicht zugestellt: %(error)s")
                % {"name": name, "error": error},
                buttons=buttons,
            )
        if not endpoint.is_active:
            admin_messages.warning(
                request,
                _(
                    "„%(name)s“ ist deaktiviert und bekommt außer Test-Ereignissen nichts, "
                    "bis er wieder aktiviert wird."
                )
                % {"name": name},
            )
        return redirect(get_valid_next_url_from_request(request) or self.back_url)
