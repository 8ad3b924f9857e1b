"""The changes feed (which is also the webhooks outbox), the endpoints and their deliveries."""

import base64
import datetime
import secrets
import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Event(models.TextChoices):
    PAGE_PUBLISHED = "page.published", _("Seite veröffentlicht")
    PAGE_UNPUBLISHED = "page.unpublished", _("Seite zurückgezogen")
    PAGE_MOVED = "page.moved", _("Seite verschoben")
    PAGE_URL_CHANGED = "page.url_changed", _("Adresse der Seite geändert")
    PAGE_DELETED = "page.deleted", _("Seite gelöscht")
    FUNDING_ROUND_CHANGED = "funding_round.changed", _("Antragsrunde geändert")


#: The test event an editor sends from the admin to one endpoint („Test-Ereignis senden“). It is
#: no content change: never a ContentChange, never in the feed, nothing to subscribe to.
PING = "ping"

PAGE_EVENTS = frozenset(
    {
        Event.PAGE_PUBLISHED,
        Event.PAGE_UNPUBLISHED,
        Event.PAGE_MOVED,
        Event.PAGE_URL_CHANGED,
        Event.PAGE_DELETED,
    }
)


class ContentChange(models.Model):
    """One public change, in commit order. The id is the feed's cursor; rows are never updated."""

    class ObjectType(models.TextChoices):
        PAGE = "page", _("Seite")
        FUNDING_ROUND = "funding_round", _("Antragsrunde")

    event_id = models.UUIDField(_("Ereignis-ID"), default=uuid.uuid4, unique=True, editable=False)
    event = models.CharField(_("Ereignis"), max_length=40, choices=Event.choices)
    object_type = models.CharField(_("Objektart"), max_length=20, choices=ObjectType.choices)
    object_id = models.PositiveBigIntegerField(_("Objekt-ID"))
    content_type = models.CharField(
        _("Typ"), max_length=100, help_text=_("Das Modell, z. B. „projects.ProjectPage“.")
    )
    locale = models.CharField(_("Sprache"), max_length=20, blank=True)
    url_path = models.CharField(_("Pfad im Seitenbaum"), max_length=1000, blank=True)
    url = models.CharField(_("URL"), max_length=1000, blank=True)
    #: Moves and URL changes: where the page was before (its URL, and its tree position, so
    #: that a subtree filter hears of a page leaving the subtree).
    previous_url = models.CharField(_("Vorherige URL"), max_length=1000, blank=True)
    previous_url_path = models.CharField(
        _("Vorheriger Pfad im Seitenbaum"), max_length=1000, blank=True
    )
    previous_tree_path = models.CharField(max_length=255, blank=True, editable=False)
    api_url = models.CharField(_("API-URL"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("Zeitpunkt"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("Inhaltsänderung")
        verbose_name_plural = _("Inhaltsänderungen")
        ordering = ["pk"]

    def __str__(self):
        return f"{self.event} {self.object_type} {self.object_id}"

    @property
    def cursor(self):
        return str(self.pk)

    @classmethod
    def last_id(cls):
        """The id of the newest change (0 for none): no cursor beyond it was ever handed out."""
        return cls.objects.aggregate(last=models.Max("pk"))["last"] or 0

    def as_item(self):
        """The public, thin representation (feed item and webhook `data`)."""
        return {
            "cursor": self.cursor,
            "event": self.event,
            "object_type": self.object_type,
            "id": self.object_id,
            "type": self.content_type,
            "locale": self.locale or None,
            "url": self.url or None,
            "previous_url": self.previous_url or None,
            "api_url": self.api_url,
            "occurred_at": rfc3339(self.created_at),
        }


def rfc3339(moment):
    """The one timestamp format of feed and webhooks: UTC, microseconds, `Z`
    (`2026-12-02T17:34:38.123456Z`)."""
    return moment.astimezone(datetime.UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def generate_secret():
    """A Standard Webhooks secret: `whsec_` and 32 random bytes in base64."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode("ascii")


def validate_secret(value):
    raw = value.removeprefix("whsec_")
    try:
        key = base64.b64decode(raw, validate=True)
    except ValueError:
        key = b""
    if not value.startswith("whsec_") or len(key) < 24:
        raise ValidationError(
            _("Das Geheimnis beginnt mit „whsec_“, gefolgt von mindestens 24 Bytes in Base64.")
        )


def default_events():
    return list(Event.values)


class WebhookEndpoint(models.Model):
    name = models.CharField(_("Name"), max_length=200, help_text=_("Z. B. „Stadtportal“."))
    url = models.URLField(
        _("URL"), max_length=500, help_text=_("Empfänger der Ereignisse (HTTP POST, JSON).")
    )
    secret = models.CharField(
        _("Geheimnis"),
        max_length=200,
        default=generate_secret,
        validators=[validate_secret],
        help_text=_(
            "Damit prüft der Empfänger die Signatur (Standard Webhooks). Vertraulich behandeln."
        ),
    )
    events = models.JSONField(
        _("Ereignisse"),
        default=default_events,
        help_text=_("Bei welchen Ereignissen der Empfänger benachrichtigt wird."),
    )
    locale = models.ForeignKey(
        "wagtailcore.Locale",
        verbose_name=_("Nur Sprache"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Leer: Seiten aller Sprachen. Gilt nur für Seiten-Ereignisse."),
    )
    root_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("Nur unterhalb von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Leer: alle Seiten. Sonst nur diese Seite und ihre Unterseiten. "
            "Gilt nur für Seiten-Ereignisse."
        ),
    )
    is_active = models.BooleanField(_("Aktiv"), default=True)
    consecutive_failures = models.PositiveIntegerField(
        _("Fehlschläge in Folge"),
        default=0,
        help_text=_("Zustellungen, die nach allen Wiederholungen aufgegeben wurden."),
    )
    disabled_at = models.DateTimeField(_("Deaktiviert am"), null=True, blank=True)
    disabled_reason = models.CharField(_("Grund der Deaktivierung"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("Erstellt"), auto_now_add=True)
    updated_at = models.DateTimeField(_("Geändert"), auto_now=True)

    class Meta:
        verbose_name = _("Webhook-Empfänger")
        verbose_name_plural = _("Webhook-Empfänger")
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if self.is_active and self.disabled_at:
            # Switched on again in the admin: start with a clean slate.
            self.disabled_at = None
            self.disabled_reason = ""
            self.consecutive_failures = 0
        super().save(*args, **kwargs)

    def get_events_display(self):
        labels = dict(Event.choices)
        return ", ".join(str(labels.get(event, event)) for event in self.events)

    def wants(self, change, page=None):
        """Whether this endpoint receives `change` (of `page`, for page events)."""
        if not self.is_active or change.event not in self.events:
            return False
        if change.object_type != ContentChange.ObjectType.PAGE:
            return True
        if self.locale_id and (page is None or page.locale_id != self.locale_id):
            return False
        if self.root_page_id:
            root = self.root_page
            paths = [page.path] if page is not None else []
            if change.previous_tree_path:
                paths.append(change.previous_tree_path)  # a page that left the subtree
            return any(path.startswith(root.path) for path in paths)
        return True


class WebhookDelivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Wartet")
        SUCCEEDED = "succeeded", _("Zugestellt")
        FAILED = "failed", _("Fehlgeschlagen, wird wiederholt")
        GAVE_UP = "gave_up", _("Aufgegeben")

    endpoint = models.ForeignKey(
        WebhookEndpoint,
        verbose_name=_("Empfänger"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    #: The change delivered; empty for a test event (`ping_id`).
    change = models.ForeignKey(
        ContentChange,
        verbose_name=_("Änderung"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    #: A test event („ping“) instead of a change: the id of its message (`webhook-id`).
    ping_id = models.UUIDField(
        _("Test-Ereignis-ID"), null=True, blank=True, unique=True, editable=False
    )
    status = models.CharField(
        _("Status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("Versuche"), default=0)
    next_attempt_at = models.DateTimeField(_("Nächster Versuch"), null=True, blank=True)
    last_attempt_at = models.DateTimeField(_("Letzter Versuch"), null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(
        _("Letzter HTTP-Status"), null=True, blank=True
    )
    last_error = models.TextField(_("Letzter Fehler"), blank=True)
    created_at = models.DateTimeField(_("Erstellt"), auto_now_add=True)
    delivered_at = models.DateTimeField(_("Zugestellt am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Webhook-Zustellung")
        verbose_name_plural = _("Webhook-Zustellungen")
        ordering = ["-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["endpoint", "change"], name="webhooks_one_delivery_per_endpoint"
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(change__isnull=False, ping_id__isnull=True)
                    | models.Q(change__isnull=True, ping_id__isnull=False)
                ),
                name="webhooks_delivery_of_a_change_or_a_ping",
            ),
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self):
        return f"{self.event} → {self.endpoint}"

    @property
    def is_ping(self):
        return self.change_id is None

    @property
    def event(self):
        """The event's name: that of the change, or `ping`."""
        return PING if self.is_ping else self.change.event

    @property
    def is_final(self):
        return self.status in {self.Status.SUCCEEDED, self.Status.GAVE_UP}


class WebhookAttempt(models.Model):
    """One HTTP request of a delivery (the log shown in the admin)."""

    delivery = models.ForeignKey(
        WebhookDelivery,
        verbose_name=_("Zustellung"),
        on_delete=models.CASCADE,
        related_name="attempt_log",
    )
    attempted_at = models.DateTimeField(_("Zeitpunkt"))
    succeeded = models.BooleanField(_("Erfolgreich"), default=False)
    status_code = models.PositiveSmallIntegerField(_("HTTP-Status"), null=True, blank=True)
    duration_ms = models.PositiveIntegerField(_("Dauer (ms)"), default=0)
    error = models.TextField(_("Fehler"), blank=True)
    response_excerpt = models.TextField(_("Antwort (Auszug)"), blank=True)

    class Meta:
        verbose_name = _("Zustellversuch")
        verbose_name_plural = _("Zustellversuche")
        ordering = ["-attempted_at", "-pk"]

    def __str__(self):
        return f"{self.attempted_at:%Y-%m-%d %H:%M:%S} {self.status_code or self.error[:40]}"
