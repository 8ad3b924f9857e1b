"""Drafts of the online form: what an applicant typed and uploaded, step by step, before sending.

A draft is not an application: it has no reference number, belongs to no funding round, and is
shown to nobody but the holder of its secret token (grants.drafts) — no staff list, export or
API reads this table. It ends when it is sent (it becomes an application in the same
transaction) or when it expires (`purge_grant_drafts`), with its files.
"""

import uuid
from pathlib import PurePath

from django.db import models, transaction
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..storage import get_private_storage


class ApplicationDraft(models.Model):
    """One applicant's form session, and what „Zwischenspeichern“ keeps for later."""

    #: The secret token is a public selector and a verifier; only the verifier's hash is
    #: stored (the split-token pattern of grants.status_links).
    selector = models.CharField(max_length=16, unique=True, editable=False)
    verifier_hash = models.CharField(max_length=64, editable=False)
    #: The form's values by input name, as the browser posts them: {name: [value, …]}.
    data = models.JSONField(_("Angaben"), default=dict, blank=True)
    #: The step shown last: where the resume link continues.
    step = models.CharField(_("Schritt"), max_length=20, blank=True)
    #: The form's submission token (grants.tokens): every page of the draft carries the same
    #: one, so that sending it twice (two tabs, back and resubmit) stores one application.
    submission_token = models.CharField(max_length=500, blank=True, editable=False)
    language = models.CharField(_("Sprache"), max_length=10, default="de", editable=False)
    created_at = models.DateTimeField(_("Angelegt am"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("Zuletzt geändert"), default=timezone.now)
    #: When „Zwischenspeichern“ was last used (None: a form session only).
    saved_at = models.DateTimeField(_("Zwischengespeichert am"), null=True, blank=True)
    expires_at = models.DateTimeField(_("Gelöscht ab"), db_index=True)

    class Meta:
        verbose_name = _("Entwurf eines Antrags")
        verbose_name_plural = _("Entwürfe von Anträgen")

    def __str__(self):
        return f"draft {self.selector}"

    @property
    def is_saved(self):
        return self.saved_at is not None


def draft_file_path(instance, filename):
    """A random name in the drafts' folder: the original name is kept in the database only."""
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"drafts/{uuid.uuid4().hex}{suffix}"


class DraftFile(models.Model):
    """A file uploaded into a draft (checked like every attachment), kept until the draft is
    sent or expires."""

    draft = models.ForeignKey(ApplicationDraft, on_delete=models.CASCADE, related_name="files")
    #: The form field it was uploaded with: budget_plan, attachments or question_<key>.
    field_name = models.CharField(_("Feld"), max_length=60)
    file = models.FileField(
        _("Datei"), storage=get_private_storage, upload_to=draft_file_path, max_length=200
    )
    original_name = models.CharField(_("Dateiname"), max_length=200)
    content_type = models.CharField(_("Dateiformat"), max_length=100)
    size = models.PositiveBigIntegerField(_("Größe (Bytes)"))
    uploaded_at = models.DateTimeField(_("Hochgeladen am"), default=timezone.now)

    class Meta:
        verbose_name = _("Datei eines Entwurfs")
        verbose_name_plural = _("Dateien von Entwürfen")
        ordering = ["draft", "field_name", "pk"]

    def __str__(self):
        return self.original_name


@receiver(models.signals.post_delete, sender=DraftFile)
def delete_draft_file(sender, instance, **kwargs):
    """The file goes with its row (a replaced upload, a sent or expired draft), once the
    deletion is committed."""
    if instance.file.name:
        name, storage = instance.file.name, instance.file.storage
        transaction.on_commit(lambda: storage.delete(name))
