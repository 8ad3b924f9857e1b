"""The „Webhooks“ group in the admin's settings menu: endpoints and the delivery log."""

from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, StatusTagColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from . import admin_views
from .forms import WebhookEndpointForm
from .models import WebhookDelivery, WebhookEndpoint
from .permissions import can_redeliver

RECENT_DELIVERIES = 20


class EndpointInspectView(generic.InspectView):
    template_name = "zib_webhooks/admin/endpoint_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["deliveries"] = self.object.deliveries.select_related("change")[:RECENT_DELIVERIES]
        context["can_redeliver"] = can_redeliver(self.request.user)
        return context


class EndpointViewSet(ModelViewSet):
    model = WebhookEndpoint
    name = "webhooks_endpoints"
    icon = "link-external"
    menu_label = _("Empfänger")
    menu_order = 100
    inspect_view_enabled = True
    inspect_view_class = EndpointInspectView
    copy_view_enabled = False
    search_fields = ["name", "url"]
    list_filter = ["is_active"]
    # Never the secret in a listing.
    list_display = [
        "name",
        "url",
        Column("events", label=_("Ereignisse"), accessor="get_events_display"),
        "locale",
        "root_page",
        StatusTagColumn(
            "is_active",
            label=_("Status"),
            accessor=lambda obj: _("aktiv") if obj.is_active else _("deaktiviert"),
            primary=lambda obj: obj.is_active,
        ),
        "consecutive_failures",
    ]
    inspect_view_fields = [
        "name",
        "url",
        "events",
        "locale",
        "root_page",
        "is_active",
        "consecutive_failures",
        "disabled_at",
        "disabled_reason",
        "created_at",
    ]
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("name"), FieldPanel("is_active")]),
            FieldPanel("url"),
            FieldPanel("secret"),
            FieldPanel("events"),
            MultiFieldPanel(
                [FieldPanel("locale"), FieldPanel("root_page")],
                heading=_("Nur bestimmte Seiten"),
            ),
        ],
        base_form_class=WebhookEndpointForm,
    )


class DeliveryIndexView(generic.IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("endpoint", "change")


class DeliveryInspectView(generic.InspectView):
    template_name = "zib_webhooks/admin/delivery_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["attempts"] = self.object.attempt_log.all()
        context["can_redeliver"] = can_redeliver(self.request.user)
        return context

    @cached_property
    def header_buttons(self):
        return []


class DeliveryViewSet(ModelViewSet):
    model = WebhookDelivery
    name = "webhooks_deliveries"
    icon = "history"
    menu_label = _("Zustellungen")
    menu_order = 200
    index_view_class = DeliveryIndexView
    inspect_view_class = DeliveryInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    form_fields = ["status"]  # no add or edit view is ever allowed (permissions.py)
    list_filter = ["status", "endpoint"]
    ordering = "-pk"
    list_display = [
        Column("change", label=_("Ereignis"), accessor=lambda obj: obj.change.event),
        Column(
            "object",
            label=_("Objekt"),
            accessor=lambda obj: obj.change.url or obj.change.api_url,
        ),
        "endpoint",
        "status",
        "attempts",
        "last_status_code",
        "next_attempt_at",
        "created_at",
    ]
    inspect_view_fields = [
        "endpoint",
        "change",
        "status",
        "attempts",
        "next_attempt_at",
        "last_attempt_at",
        "last_status_code",
        "last_error",
        "created_at",
        "delivered_at",
    ]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("<int:pk>/redeliver/", admin_views.redeliver, name="redeliver"),
        ]


def redeliver_url(delivery):
    return reverse("webhooks_deliveries:redeliver", args=[delivery.pk])


class WebhooksViewSetGroup(ViewSetGroup):
    menu_label = _("Webhooks")
    menu_icon = "link-external"
    menu_order = 900
    add_to_settings_menu = True
    items = (EndpointViewSet, DeliveryViewSet)
