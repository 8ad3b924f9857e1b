"""Translations pass the same moderation workflow as German pages (wagtail-localize).

wagtail-localize's translation editor can only *publish*. Users who may edit but not publish a
page (the role „Übersetzung“) get „Zur Freigabe einreichen“ instead: the translated strings are
saved as a draft revision and the page's workflow starts, so that „Freigabe“ approves it like
any other change. Two of wagtail-localize's own views would let them publish anyway and are
guarded here: the sync's „Sofort veröffentlichen“ and „In Alias umwandeln“ (which replaces the
translation with the live German page). Creating a translation never publishes it either
(WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False; a system check warns otherwise).
"""

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.models import Page
from wagtail_localize.models import Translation
from wagtail_localize.views import convert, update_translations


def can_publish(user, instance):
    """Whether the user may publish the object (a page, or a snippet with draft state)."""
    if isinstance(instance, Page):
        return instance.permissions_for_user(user).can_publish()
    opts = instance._meta
    return user.has_perm(f"{opts.app_label}.publish_{opts.model_name}")


def review_context(user, translation, instance):
    """What the translation editor shows of the review: None when the user may publish."""
    if not isinstance(instance, Page) or can_publish(user, instance):
        return None
    perms = instance.permissions_for_user(user)
    return {
        "url": _submit_url(translation),
        "can_submit": perms.can_edit() and perms.can_submit_for_moderation(),
        "in_moderation": instance.workflow_in_progress,
    }


def _submit_url(translation):
    return reverse("zib_core_submit_translation", args=[translation.pk])


def editor_props(props, user):
    """The translation editor's props without „In Alias umwandeln“ for users who cannot publish."""
    data = json.loads(props)
    if not data.get("perms", {}).get("canPublish"):
        data.get("links", {})["convertToAliasUrl"] = None
    return json.dumps(data)


@require_POST
def submit_for_review(request, translation_id):
    """Save the translation as a draft revision and start the page's workflow."""
    translation = get_object_or_404(Translation, pk=translation_id, enabled=True)
    page = translation.get_target_instance()
    if not isinstance(page, Page):
        raise PermissionDenied
    perms = page.permissions_for_user(request.user)
    if not (perms.can_edit() and perms.can_submit_for_moderation()):
        raise PermissionDenied
    with transaction.atomic():
        translation.save_target(user=request.user, publish=False)
        page = Page.objects.get(pk=page.pk).specific
        page.get_workflow().start(page, request.user)
    messages.success(
        request,
        _("Die Übersetzung „%(title)s“ wurde zur Freigabe eingereicht.") % {"title": page.title},
    )
    return redirect("wagtailadmin_pages:edit", page.pk)


class UpdateTranslationsView(update_translations.UpdateTranslationsView):
    """The sync from the source; „Sofort veröffentlichen“ only for users who may publish."""

    def get_form(self):
        form = super().get_form()
        if not can_publish(self.request.user, self.object.get_source_instance()):
            form.fields.pop("publish_translations", None)
        return form

    def form_valid(self, form):
        form.cleaned_data.setdefault("publish_translations", False)
        return super().form_valid(form)


def convert_to_alias(request, page_id):
    """„In Alias umwandeln“ shows the live German page in the translation's place: publishing."""
    page = get_object_or_404(Page, pk=page_id)
    if not can_publish(request.user, page):
        raise PermissionDenied
    return convert.convert_to_alias(request, page_id)


def admin_urls():
    """Our view, and the two guarded views at wagtail-localize's own paths (matched first)."""
    return [
        path(
            "translations/<int:translation_id>/submit/",
            submit_for_review,
            name="zib_core_submit_translation",
        ),
        path(
            "localize/update/<int:translation_source_id>/",
            UpdateTranslationsView.as_view(),
        ),
        path("localize/page/<int:page_id>/convert_to_alias/", convert_to_alias),
    ]
