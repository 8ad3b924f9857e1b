"""Drafts: what the online form keeps of an applicant's work before it is sent.

Every form session is a draft (grants.models.ApplicationDraft) from its first step on: each
POST of the form stores what it carries — the values, and each uploaded file that passes the
attachment checks — so that „Zurück“, a step with mistakes and a refused submission lose
nothing, and files are uploaded once. „Zwischenspeichern“ keeps the draft for
ZIB_GRANTS_DRAFT_DAYS and mails its secret resume link to the contact address; a draft never
saved ends ZIB_GRANTS_UNSAVED_DRAFT_HOURS after its last change. Sending the form turns the
draft into an application and deletes it in the same transaction
(GrantApplicationForm.save_related); `purge_grant_drafts` deletes expired drafts with their
files.

The token is a split token like a status link's (grants.status_links): a public selector and a
secret verifier of which only a hash is stored. The pages of a draft carry it in a hidden field;
the resume link is the form page's `entwurf/<token>/`.
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import QueryDict
from django.utils import timezone
from django.utils.datastructures import MultiValueDict

from . import conf, status_links
from .models import ApplicationDraft, DraftFile
from .status_links import SELECTOR_LENGTH, TOKEN_PATTERN
from .storage import private_storage
from .validators import safe_filename, validate_attachment

#: The hidden field with the draft's token on every page of the form.
FIELD_NAME = "draft"
#: A checkbox per stored file: „Datei entfernen“ (its value is the file's id).
REMOVE_FIELD = "remove_file"
#: A resume URL as it appears in a stored mail body (see `redact`).
DRAFT_URL = re.compile(rf"/entwurf/{TOKEN_PATTERN.pattern}/")


def lifetime(draft):
    if draft.is_saved:
        return datetime.timedelta(days=conf.draft_days())
    return datetime.timedelta(hours=conf.unsaved_draft_hours())


def _extend(draft, now):
    """Keep the draft for its lifetime from `now` (never shorter than it was promised)."""
    until = now + lifetime(draft)
    draft.expires_at = max(draft.expires_at, until) if draft.expires_at else until


def start(submission_token="", language="de", now=None):
    """A new, empty draft; returns (draft, token). The token is not stored, only its hash."""
    now = now or timezone.now()
    token = status_links.generate()
    draft = ApplicationDraft(
        selector=token[:SELECTOR_LENGTH],
        verifier_hash=status_links.hash_verifier(token[SELECTOR_LENGTH:]),
        submission_token=submission_token,
        language=language,
        created_at=now,
        updated_at=now,
    )
    _extend(draft, now)
    draft.save()
    return draft, token


def resolve(token, now=None):
    """The draft `token` opens, or None: malformed, unknown, wrong, expired or sent."""
    if not isinstance(token, str) or not TOKEN_PATTERN.fullmatch(token):
        return None
    draft = ApplicationDraft.objects.filter(selector=token[:SELECTOR_LENGTH]).first()
    if not status_links.verifies(draft.verifier_hash if draft else None, token):
        return None
    if draft.expires_at <= (now or timezone.now()):
        return None
    return draft


# --- What a POST brings -------------------------------------------------------------------------


def merged_values(stored, form, post, step=None):
    """The draft's values `stored` with those of `post`: every input of the form it carries
    replaces the stored one; the inputs of `step` (a key; None: all steps) that it does not
    carry are forgotten, as a browser does not send an unticked box or an unchosen radio."""
    files = set(form.file_fields())
    values = {
        name: list(found)
        for name, found in stored.items()
        if step is not None and form.step_of(name) not in (step, None)
    }
    for name in post:
        if name not in files and form.step_of(name) is not None:
            values[name] = post.getlist(name)
    return values


def _removed_ids(post):
    return [int(value) for value in post.getlist(REMOVE_FIELD) if str(value).isdigit()]


def _multiple(field):
    return getattr(field.widget, "allow_multiple_selected", False)


def _storable(upload, name, field, others):
    """Whether `upload` may go into the draft for input `name`: it passes the checks of every
    attachment and, with the draft's `others` files, stays within the count and the total."""
    try:
        upload.sniffed_content_type = validate_attachment(upload)
    except ValidationError:
        return False
    same_input = sum(1 for file in others if file.field_name == name)
    if _multiple(field) and same_input >= conf.max_extra_attachments():
        return False
    return sum(file.size for file in others) + upload.size <= conf.max_total_size()


def _store(draft, name, upload):
    stored = DraftFile(
        draft=draft,
        field_name=name,
        original_name=safe_filename(upload.name),
        content_type=upload.sniffed_content_type,
        size=upload.size,
    )
    stored.file.save(upload.name, upload, save=False)
    stored.save()
    return stored


def absorb(draft, form, post, files, step=None, now=None):
    """Store in `draft` what a POST of the form carries (see `merged_values`), remove the files
    ticked „Datei entfernen“ and keep each new upload that may go in (a new file of a single
    file input replaces the stored one). Returns the uploads not kept, [(input name,
    upload)]: the form shows why, and they must be chosen again.

    `form` is a form of the round, for the names of its inputs and their steps.
    """
    now = now or timezone.now()
    refused, written = [], []
    try:
        with transaction.atomic():
            draft.data = merged_values(draft.data, form, post, step)
            draft.files.filter(pk__in=_removed_ids(post)).delete()
            kept = list(draft.files.all())
            for name in form.file_fields():
                if step is not None and form.step_of(name) != step:
                    continue
                field = form.fields[name]
                for upload in files.getlist(name):
                    replaced = [] if _multiple(field) else [f for f in kept if f.field_name == name]
                    others = [file for file in kept if file not in replaced]
                    if not _storable(upload, name, field, others):
                        refused.append((name, upload))
                        continue
                    for old in replaced:
                        old.delete()
                    stored = _store(draft, name, upload)
                    written.append(stored.file.name)
                    kept = [*others, stored]
            if step is not None:
                draft.step = step
            draft.updated_at = now
            _extend(draft, now)
            draft.save()
    except BaseException:
        for name in written:
            private_storage.delete(name)
        raise
    return refused


def stored_files(draft):
    """{input name: [DraftFile]} of the draft (nothing for none)."""
    result = {}
    if draft is None or draft.pk is None:
        return result
    for stored in draft.files.all():
        result.setdefault(stored.field_name, []).append(stored)
    return result


def opened(stored):
    """A stored file as the form reads an upload (checked again like every upload)."""
    return UploadedFile(
        file=private_storage.open(stored.file.name, "rb"),
        name=stored.original_name,
        content_type=stored.content_type,
        size=stored.size,
    )


def form_input(form, values, stored, extra_files=()):
    """(data, files) for binding `form`'s class: the values, the stored files and
    `extra_files` [(input name, upload)] — uploads not kept, in place of a single file's
    stored one, so that the form says what is wrong with them."""
    data = QueryDict(mutable=True)
    for name, found in values.items():
        data.setlist(name, found)
    files = MultiValueDict()
    extra = MultiValueDict()
    for name, upload in extra_files:
        extra.appendlist(name, upload)
    for name, uploads in stored.items():
        field = form.fields.get(name)
        if field is None or (name in extra and not _multiple(field)):
            continue
        files.setlist(name, [opened(upload) for upload in uploads])
    for name in extra:
        for upload in extra.getlist(name):
            files.appendlist(name, upload)
    return data, files


def close(files):
    """Close the stored files `form_input` opened."""
    for name in files:
        for upload in files.getlist(name):
            if upload is not None and hasattr(upload, "close"):
                upload.close()


def save_for_later(draft, now=None):
    """„Zwischenspeichern“: the draft is kept ZIB_GRANTS_DRAFT_DAYS from now."""
    now = now or timezone.now()
    draft.saved_at = now
    _extend(draft, now)
    draft.save(update_fields=["saved_at", "expires_at"])


# --- Expiry ------------------------------------------------------------------------------------


def expired(now=None):
    return ApplicationDraft.objects.filter(expires_at__lte=now or timezone.now())


@transaction.atomic
def purge_expired(now=None):
    """Delete the expired drafts with their files (once the deletion is committed); returns
    (drafts, files)."""
    drafts = expired(now)
    files = DraftFile.objects.filter(draft__in=drafts).count()
    count = drafts.count()
    drafts.delete()
    return count, files


def redact(text):
    """`text` without the secrets of resume URLs (for mail bodies kept after sending)."""
    return DRAFT_URL.sub("/entwurf/…/", text)
