from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from .models import Event


class WebhookEndpointForm(WagtailAdminModelForm):
    events = forms.MultipleChoiceField(
        label=_("Ereignisse"),
        choices=Event.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Bei welchen Ereignissen der Empfänger benachrichtigt wird."),
    )

    def clean_events(self):
        # Stored in the order of the choices, whatever the order of the checkboxes.
        chosen = set(self.cleaned_data["events"])
        return [event for event in Event.values if event in chosen]
