"""Files of the private storage: 0600 in 0700 folders, and orphans swept (`sweep_grant_files`,
also run by the retention purge). An orphan is a file no row references: left by a
transaction that rolled back after the upload was written, or put there by anything else.
Only orphans older than ZIB_GRANTS_ORPHAN_MIN_AGE go; a referenced file never does."""

import os
import stat
import time
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import transaction

from grants import files
from grants.models import GrantAttachment
from grants.storage import private_storage

from .builders import add_attachment, make_application

pytestmark = pytest.mark.django_db

TWO_HOURS = 2 * 3600


def age(path, seconds):
    """Make the file at `path` look `seconds` old."""
    then = time.time() - seconds
    os.utime(path, (then, then))


def mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def sweep(*args):
    out = StringIO()
    call_command("sweep_grant_files", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def storage_state(private_root):
    """A referenced old file, an orphan of a rolled-back transaction, an orphan put there
    without any transaction, and a fresh orphan (all but the last two hours old)."""
    application = make_application(attachments=["kostenplan.pdf"])
    referenced = Path(application.attachments.get().file.path)

    with pytest.raises(RuntimeError), transaction.atomic():
        attachment = add_attachment(application, "satzung.pdf")
        rolled_back = Path(attachment.file.path)
        assert rolled_back.is_file()
        raise RuntimeError("worker killed after writing the upload")
    assert not GrantAttachment.objects.filter(pk=attachment.pk).exists()

    stray = Path(private_storage.path(private_storage.save("2026/stray.pdf", ContentFile(b"x"))))
    fresh = Path(private_storage.path(private_storage.save("2026/fresh.pdf", ContentFile(b"y"))))
    for path in (referenced, rolled_back, stray):
        age(path, TWO_HOURS)
    return {"referenced": referenced, "rolled_back": rolled_back, "stray": stray, "fresh": fresh}


def test_sweep_deletes_old_orphans_only(storage_state):
    output = sweep()
    assert not storage_state["rolled_back"].exists()
    assert not storage_state["stray"].exists()
    assert storage_state["referenced"].is_file()
    assert storage_state["fresh"].is_file()  # may belong to a transaction still running
    assert "Deleted 2 orphaned files; kept 1 unreferenced files younger" in output
    assert "2026/stray.pdf" in output


def test_dry_run_lists_and_deletes_nothing(storage_state):
    output = sweep("--dry-run")
    assert all(path.is_file() for path in storage_state.values())
    assert "Would delete orphaned file 2026/stray.pdf" in output
    rolled_back = storage_state["rolled_back"].relative_to(private_storage.location).as_posix()
    assert f"Would delete orphaned file {rolled_back}" in output
    assert "Would delete 2 orphaned files" in output


def test_minimum_age_is_configurable(storage_state, settings):
    settings.ZIB_GRANTS_ORPHAN_MIN_AGE = 3 * 3600
    sweep()
    assert storage_state["stray"].is_file() and storage_state["rolled_back"].is_file()
    sweep("--min-age", "60")
    assert not storage_state["stray"].exists()
    assert storage_state["fresh"].is_file()


def test_every_file_field_of_the_private_storage_counts(storage_state):
    """The referenced names come from every model's FileField on the private storage, so
    file fields added later protect their files without a list to update."""
    fields = files.private_file_fields()
    assert (GrantAttachment, GrantAttachment._meta.get_field("file")) in fields
    assert all(field.storage is private_storage for _model, field in fields)
    relative = storage_state["referenced"].relative_to(private_storage.location).as_posix()
    assert relative in files.referenced_names()


def test_files_and_folders_are_private(private_root):
    application = make_application(attachments=["kostenplan.pdf"])
    path = Path(application.attachments.get().file.path)
    assert mode(path) == 0o600
    assert mode(path.parent) == 0o700
    assert mode(private_root) == 0o700


def test_permissions_are_configurable(private_root, settings):
    settings.ZIB_GRANTS_FILE_PERMISSIONS = 0o640
    settings.ZIB_GRANTS_DIRECTORY_PERMISSIONS = 0o750
    application = make_application(attachments=["kostenplan.pdf"])
    path = Path(application.attachments.get().file.path)
    assert mode(path) == 0o640
    assert mode(path.parent) == 0o750


def test_sweep_tightens_files_written_before(private_root):
    """Files from before (0644 in 0755 folders) get the configured permissions."""
    application = make_application(attachments=["kostenplan.pdf"])
    path = Path(application.attachments.get().file.path)
    os.chmod(path, 0o644)
    os.chmod(path.parent, 0o755)
    assert "Would tighten permissions" in sweep("--dry-run")
    assert mode(path) == 0o644
    sweep()
    assert mode(path) == 0o600 and mode(path.parent) == 0o700
    assert path.is_file()


def test_purge_sweeps_too(storage_state):
    out = StringIO()
    call_command("purge_grant_applications", stdout=out)
    assert "Deleted 2 orphaned files" in out.getvalue()
    assert not storage_state["stray"].exists()
    assert storage_state["referenced"].is_file()


def test_a_missing_private_root_is_nothing_to_sweep(private_root):
    assert not private_root.exists()
    assert "Deleted 0 orphaned files" in sweep()
