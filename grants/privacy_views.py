"""Admin pages of the data-protection requests on one application (grants.privacy): „Auskunft“
(JSON or PDF download), „Anonymisieren“ and „Löschen“ with four eyes; the access log and the
deletion requests as read-only lists for whoever may see them.

Who may do what (grants permission policy, groups in zib_wagtail.core.roles):
- Auskunft, asking for a deletion, withdrawing that request: `change_grantapplication`
  („Zuschüsse-Sachbearbeitung“ and „Zuschüsse-Leitung“);
- confirming another person's deletion request, anonymising: `delete_grantapplication`
  („Zuschüsse-Leitung“); nobody confirms their own request;
- the access log: `view_accesslog` („Zuschüsse-Leitung“).
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView, View
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button
from wagtail.permissions import policy_registry

from . import privacy
from .admin_views import ApplicationActionMixin, inspect_url
from .models import AccessLog, DeletionRequest, GrantApplication

FORMATS = {
    "json": ("application/json; charset=utf-8", privacy.disclosure_json),
    "pdf": ("application/pdf", privacy.disclosure_pdf),
}


def _policy():
    return policy_registry.get_by_type(GrantApplication)


def may(user, action):
    return _policy().user_has_permission(user, action)


class DisclosureView(ApplicationActionMixin, PermissionCheckedMixin, View):
    """„Auskunft“: everything stored about the applicant, as a JSON or PDF file (logged)."""

    model = GrantApplication
    permission_required = "change"

    def get(self, request, *args, fmt, **kwargs):
        if fmt not in FORMATS:
            raise Http404
        content_type, render = FORMATS[fmt]
        privacy.log_access(
            request.user, AccessLog.Action.DISCLOSURE, application=self.object, detail=fmt
        )
        response = HttpResponse(render(self.object), content_type=content_type)
        filename = f"auskunft-{slugify(self.object.reference)}.{fmt}"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response["Cache-Control"] = "private, no-store"
        return response


class AnonymiseView(
    ApplicationActionMixin, PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView
):
    """„Anonymisieren“: GET asks, POST replaces the personal data (grants.privacy.anonymise)."""

    model = GrantApplication
    permission_required = "delete"
    template_name = "grants/admin/privacy_anonymise.html"
    page_title = _("Anonymisieren")
    header_icon = "user"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "object": self.object}

    def post(self, request, *args, **kwargs):
        try:
            privacy.anonymise(self.object, request.user)
        except privacy.CannotAnonymise as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("%(reference)s ist anonymisiert; seine Dateien sind gelöscht.")
                % {"reference": self.object.reference},
            )
        return redirect(inspect_url(self.object))


class DeletionForm(forms.Form):
    reason = forms.CharField(
        label=_("Grund der Löschung"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Z. B. „Antrag der Antragstellerin vom 3. Dezember (Art. 17 DSGVO)“. Der Grund "
            "bleibt nach der Löschung als Nachweis mit dem Aktenzeichen gespeichert."
        ),
    )


class DeletionView(
    ApplicationActionMixin, PermissionCheckedMixin, WagtailAdminTemplateMixin, FormView
):
    """„Löschen“ with four eyes. Without a pending request: a form to ask for the deletion
    (nothing is deleted). With one: its details, „Löschung bestätigen“ for a second person who
    may delete, and „Löschantrag zurücknehmen“."""

    model = GrantApplication
    permission_required = "change"
    form_class = DeletionForm
    template_name = "grants/admin/privacy_deletion.html"
    page_title = _("Löschen")
    header_icon = "bin"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.pending = privacy.pending_deletion(self.object)

    def get_context_data(self, **kwargs):
        user = self.request.user
        return {
            **super().get_context_data(**kwargs),
            "object": self.object,
            "pending": self.pending,
            "may_confirm": (
                self.pending is not None
                and may(user, "delete")
                and self.pending.requested_by_id != user.pk
            ),
            "is_requester": self.pending is not None and self.pending.requested_by_id == user.pk,
        }

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action", "request")
        if action == "confirm":
            return self.confirm()
        if action == "cancel":
            return self.cancel()
        if self.pending is not None:
            return redirect(self.request.path)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        privacy.request_deletion(self.object, self.request.user, form.cleaned_data["reason"])
        messages.success(
            self.request,
            _(
                "Löschung von %(reference)s beantragt. Gelöscht wird erst, wenn eine zweite "
                "Person mit dem Recht zu löschen (Gruppe „Zuschüsse-Leitung“) sie bestätigt."
            )
            % {"reference": self.object.reference},
        )
        return redirect(inspect_url(self.object))

    def confirm(self):
        if not may(self.request.user, "delete"):
            return self.permission_denied()
        if self.pending is None:
            messages.error(self.request, _("Es gibt keinen offenen Löschantrag."))
            return redirect(self.request.path)
        try:
            privacy.confirm_deletion(self.pending, self.request.user)
        except privacy.SameReviewer as error:
            messages.error(self.request, str(error))
            return redirect(self.request.path)
        messages.success(
            self.request,
            _("%(reference)s ist gelöscht, mit allen Dateien, Nachrichten und E-Mails.")
            % {"reference": self.object.reference},
        )
        return redirect("grants_applications:index")

    def cancel(self):
        if self.pending is not None:
            privacy.cancel_deletion(self.pending, self.request.user)
            messages.success(self.request, _("Der Löschantrag ist zurückgenommen."))
        return redirect(inspect_url(self.object))

    def permission_denied(self):
        raise PermissionDenied


def inspect_more_buttons(application, user):
    """The privacy actions in the „…“ menu of the detail view, as far as `user` may use them."""
    buttons = []
    if may(user, "change"):
        for priority, fmt, label in [
            (30, "json", _("Auskunft (JSON)")),
            (31, "pdf", _("Auskunft (PDF)")),
        ]:
            buttons.append(
                Button(
                    label,
                    url=reverse("grants_applications:disclosure", args=[application.pk, fmt]),
                    icon_name="download",
                    priority=priority,
                )
            )
    if may(user, "delete") and application.is_final and not application.is_anonymised:
        buttons.append(
            Button(
                _("Anonymisieren"),
                url=reverse("grants_applications:anonymise", args=[application.pk]),
                icon_name="user",
                priority=40,
            )
        )
    if may(user, "change"):
        buttons.append(
            Button(
                _("Löschen …"),
                url=reverse("grants_applications:delete", args=[application.pk]),
                icon_name="bin",
                priority=50,
            )
        )
    return buttons


# --- Read-only lists ---------------------------------------------------------------------------


class ReadOnlyIndexView(generic.IndexView):
    def get_edit_url(self, instance):
        return None


class DeletionRequestIndexView(ReadOnlyIndexView):
    def get_edit_url(self, instance):
        if instance.state == DeletionRequest.State.PENDING and instance.application_id:
            return reverse("grants_applications:delete", args=[instance.application_id])
        return None


class AccessLogViewSet(ModelViewSet):
    """Zuschüsse → Zugriffsprotokoll: for the office lead only."""

    model = AccessLog
    name = "grants_access_log"
    icon = "history"
    menu_label = _("Zugriffsprotokoll")
    menu_order = 400
    index_view_class = ReadOnlyIndexView
    copy_view_enabled = False
    list_display = ["at", "username", "action", "reference", "detail"]
    list_filter = ["action", "user"]
    search_fields = ["reference", "username", "detail"]
    ordering = "-at"
    #: Never used: no add or edit view is allowed (grants.permissions.ReadOnlyPolicy).
    exclude_form_fields = []


class DeletionRequestViewSet(ModelViewSet):
    """Zuschüsse → Löschanträge: the pending ones to confirm, and the record of the done ones."""

    model = DeletionRequest
    name = "grants_deletions"
    icon = "bin"
    menu_label = _("Löschanträge")
    menu_order = 300
    index_view_class = DeletionRequestIndexView
    copy_view_enabled = False
    list_display = ["reference", "state", "requested_by", "requested_at", "decided_by"]
    list_filter = ["state"]
    search_fields = ["reference"]
    ordering = "-requested_at"
    #: Never used: no add or edit view is allowed (grants.permissions.DeletionRequestPolicy).
    exclude_form_fields = []
