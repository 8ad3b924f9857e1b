"""Custom admin views: status change, new status link, attachment download, mail retry,
round export.

Each checks the grants permission policy itself; the admin URLs add the login requirement.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.permissions import policy_registry

from zib_wagtail.core.models import OfficeSettings

from . import emails, exports, privacy, status_links
from .forms import StatusChangeForm
from .models import AccessLog, FundingRound, GrantApplication, GrantAttachment, MailDelivery
from .permissions import REVIEW
from .workflow import TransitionNotAllowed, change_status


def require_application_permission(request, *actions):
    policy = policy_registry.get_by_type(GrantApplication)
    if not policy.user_has_any_permission(request.user, actions):
        raise PermissionDenied


def inspect_url(application):
    return reverse("grants_applications:inspect", args=[application.pk])


class ApplicationActionMixin:
    """An admin page acting on one application: loads it, names it, places it in the
    breadcrumbs below the application list and its inspect view."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = get_object_or_404(GrantApplication, pk=kwargs["pk"])

    def get_page_subtitle(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("grants_applications:index"), "label": _("Anträge")},
            {"url": inspect_url(self.object), "label": self.object.reference},
            {"url": "", "label": self.get_page_title()},
        ]


class StatusChangeView(
    ApplicationActionMixin, PermissionCheckedMixin, WagtailAdminTemplateMixin, FormView
):
    """Move an application on in the workflow, with note and optional e-mail."""

    model = GrantApplication
    permission_required = "change"
    form_class = StatusChangeForm
    template_name = "grants/admin/status_change.html"
    page_title = _("Status ändern")
    header_icon = "form"
    index_url_name = None

    def get(self, request, *args, **kwargs):
        return self.refuse_if_final() or super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return self.refuse_if_final() or super().post(request, *args, **kwargs)

    def refuse_if_final(self):
        """A decided or withdrawn application is closed, as Wagtail treats a locked object:
        back to the detail with a warning, nothing saved."""
        if not self.object.is_final:
            return None
        messages.warning(
            self.request,
            _(
                "%(reference)s ist abgeschlossen (%(status)s); der Status kann nicht mehr "
                "geändert werden."
            )
            % {"reference": self.object.reference, "status": self.object.get_status_display()},
        )
        return redirect(inspect_url(self.object))

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "application": self.object}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            object=self.object,
            action_url=self.request.path,
            submit_button_label=_("Status ändern"),
            submit_button_active_label=_("Wird gespeichert …"),
        )
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            change = change_status(
                self.object,
                to_status=data["status"],
                user=self.request.user,
                note=data["note"],
                question=data["question"],
                granted_amount=data["granted_amount"],
                conditions=data["conditions"],
                reasons=data["reasons"],
                notify=data["notify_applicant"],
                mail_context={"office": OfficeSettings.for_request(self.request)},
            )
        except TransitionNotAllowed as error:
            form.add_error("status", str(error))
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Status von %(reference)s: %(status)s.")
            % {"reference": self.object.reference, "status": change.get_to_status_display()},
        )
        return redirect(inspect_url(self.object))


class StatusLinkView(
    ApplicationActionMixin, PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView
):
    """„Neuen Statuslink senden“: GET asks, POST revokes every link of the application and
    mails the applicant a new one (for a link that reached the wrong person)."""

    model = GrantApplication
    permission_required = "change"
    template_name = "grants/admin/status_link.html"
    page_title = _("Neuen Statuslink senden")
    header_icon = "link"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "object": self.object}

    def post(self, request, *args, **kwargs):
        with transaction.atomic():
            status_links.revoke_all(self.object)
            delivery = emails.create_status_link_mail(
                self.object, {"office": OfficeSettings.for_request(request)}
            )
            emails.queue([delivery])
        messages.success(
            request,
            _(
                "Neuer Statuslink für %(reference)s an %(email)s gesendet; "
                "die alten gelten nicht mehr."
            )
            % {"reference": self.object.reference, "email": self.object.contact_email},
        )
        return redirect(inspect_url(self.object))


def attachment_download(request, pk):
    """Stream an attachment to staff who may view applications and to the application's
    reviewers; nobody else gets bytes."""
    require_application_permission(request, "view", "change", REVIEW)
    attachment = get_object_or_404(GrantAttachment, pk=pk)
    policy = policy_registry.get_by_type(GrantApplication)
    if not policy.user_has_any_permission_for_instance(
        request.user, ["view", "change", REVIEW], attachment.application
    ):
        raise PermissionDenied
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as error:
        raise Http404(_("Die Datei ist nicht mehr vorhanden.")) from error
    privacy.log_access(
        request.user,
        AccessLog.Action.ATTACHMENT,
        application=attachment.application,
        detail=attachment.original_name,
    )
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
def mail_retry(request, pk):
    """Send a stored e-mail again (for failed or pending deliveries)."""
    require_application_permission(request, "change")
    # A draft's mail (its resume link) is no staff business: only mails of applications.
    delivery = get_object_or_404(MailDelivery, pk=pk, application__isnull=False)
    if delivery.status == MailDelivery.Status.SENT:
        messages.info(request, _("Diese E-Mail wurde bereits versendet."))
    else:
        from .tasks import deliver_mail

        deliver_mail.enqueue(delivery.pk)
        delivery.refresh_from_db()
        if delivery.status == MailDelivery.Status.SENT:
            messages.success(request, _("Die E-Mail wurde versendet."))
        elif delivery.status == MailDelivery.Status.FAILED:
            messages.error(
                request,
                _("Versand fehlgeschlagen: %(error)s") % {"error": delivery.last_error},
            )
        else:
            messages.info(request, _("Die E-Mail wurde zum Versand eingereiht."))
    return redirect(inspect_url(delivery.application))


def round_export(request, pk, fmt):
    """A round's applications for the committee, as CSV or XLSX."""
    require_application_permission(request, "view", "change")
    funding_round = get_object_or_404(FundingRound, pk=pk)
    applications = exports.export_queryset(funding_round)
    filename = f"zuschuesse-{slugify(funding_round.title) or funding_round.pk}"
    if fmt == "csv":
        response = HttpResponse(
            exports.as_csv(applications, funding_round), content_type=exports.CSV_CONTENT_TYPE
        )
        filename += ".csv"
    elif fmt == "xlsx":
        response = HttpResponse(
            exports.as_xlsx(applications, funding_round.title, funding_round),
            content_type=exports.XLSX_CONTENT_TYPE,
        )
        filename += ".xlsx"
    else:
        raise Http404
    privacy.log_access(
        request.user, AccessLog.Action.EXPORT, funding_round=funding_round, detail=fmt.upper()
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
