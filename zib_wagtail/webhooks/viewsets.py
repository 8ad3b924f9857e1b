"""The „Webhooks“ group in the admin's settings menu: endpoints and the delivery log."""

from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, StatusTagColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import Button, HeaderButton

from . import admin_views
from .forms import WebhookEndpointForm
from .models import WebhookDelivery, WebhookEndpoint
from .permissions import can_redeliver, can_send_ping

RECENT_DELIVERIES = 20
PING_LABEL = _("Test-Ereignis senden")
PING_ICON = "mail"


def ping_url(endpoint):
    return reverse("webhooks_endpoints:ping", args=[endpoint.pk])


class PingHeaderButtonMixin:
    """„Test-Ereignis senden“ in the header of an endpoint's edit and inspect views."""

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if can_send_ping(self.request.user):
            buttons.append(HeaderButton(PING_LABEL, url=ping_url(self.object), icon_name=PING_ICON))
        return buttons


class EndpointIndexView(generic.IndexView):
    @cached_property
    def can_send_ping(self):
        return can_send_ping(self.request.user)

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if self.can_send_ping:
            buttons.append(
                Button(PING_LABEL, url=ping_url(instance), icon_name=PING_ICON, priority=25)
            )
        return buttons


class EndpointEditView(PingHeaderButtonMixin, generic.EditView):
    pass


class EndpointInspectView(PingHeaderButtonMixin, generic.InspectView):
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
    index_view_class = EndpointIndexView
    edit_view_class = EndpointEditView
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

    @property
    def ping_view(self):
        return self.construct_view(
            admin_views.EndpointPingView,
            inspect_url_name=self.get_url_name("inspect"),
            ping_url_name=self.get_url_name("ping"),
        )

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("ping/<int:pk>/", self.ping_view, name="ping"),
        ]


class DeliveryIndexView(generic.IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("endpoint", "change")


class DeliveryInspectView(generic.InspectView):
    template_name = "zib_webhooks/admin/delivery_inspect.html"

    def get_field_label(self, field_name, field):
        if field_name == "event":
            return _("Ereignis")
        return super().get_field_label(field_name, field)

    def get_event_display_value(self):
        return self.object.event

    def get_change_display_value(self):
        return self.object.change or _("– (Test-Ereignis)")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["attempts"] = self.object.attempt_log.all()
        context["can_redeliver"] = can_redeliver(self.request.user)
        return context

    @cached_property
    def header_buttons(self):
        return []


def delivered_object(delivery):
    if delivery.is_ping:
        return _("Test-Ereignis")
    return delivery.change.url or delivery.change.api_url


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
        Column("event", label=_("Ereignis"), accessor="event"),
        Column("object", label=_("Objekt"), accessor=delivered_object),
        "endpoint",
        "status",
        "attempts",
        "last_status_code",
        "next_attempt_at",
        "created_at",
    ]
    inspect_view_fields = [
        "endpoint",
        "event",
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
