"""The files of the private storage and the rows that reference them.

A file whose row never committed (a worker killed mid-submission, a transaction rolled back
after the upload was written) stays on disk with no row pointing to it. `sweep` finds such
orphans and deletes those older than ZIB_GRANTS_ORPHAN_MIN_AGE (younger ones may belong to a
transaction still in progress), and brings every remaining file and folder to the configured
permissions (ZIB_GRANTS_FILE_PERMISSIONS / _DIRECTORY_PERMISSIONS). Run by
`manage.py sweep_grant_files` (cron) and after the retention purge.
"""

import datetime
import os
import posixpath
import stat
from dataclasses import dataclass, field

from django.apps import apps
from django.db import models
from django.utils import timezone

from . import conf
from .storage import PrivateStorage, private_storage


def private_file_fields():
    """(model, field) of every FileField of every installed model that stores in the private
    storage: attachments, documents sent later and whatever file field is added, without a list
    to keep up to date."""
    return [
        (model, model_field)
        for model in apps.get_models()
        for model_field in model._meta.get_fields()
        if isinstance(model_field, models.FileField)
        and not model_field.auto_created
        and model_field.model is model
        and isinstance(model_field.storage, PrivateStorage)
    ]


def referenced_names():
    """The names of all files some row points to."""
    names = set()
    for model, model_field in private_file_fields():
        names.update(
            model._base_manager.exclude(**{model_field.name: ""})
            .exclude(**{f"{model_field.name}__isnull": True})
            .values_list(model_field.name, flat=True)
        )
    return names


def stored_files(storage=private_storage, folder=""):
    """Every file below `folder` of the storage, as its name ("2026/ab12….pdf")."""
    if not folder and not os.path.isdir(storage.location):
        return
    folders, files = storage.listdir(folder)
    for name in files:
        yield posixpath.join(folder, name)
    for name in folders:
        yield from stored_files(storage, posixpath.join(folder, name))


@dataclass
class Sweep:
    #: Files no row references that were old enough: deleted (listed only in a dry run).
    orphans: list = field(default_factory=list)
    #: Unreferenced files too young to tell: kept.
    young: list = field(default_factory=list)
    #: Files and folders whose permissions were (or would be) tightened.
    tightened: list = field(default_factory=list)


def _tighten(path, mode, dry_run):
    if mode is None or stat.S_IMODE(os.stat(path).st_mode) == mode:
        return False
    if not dry_run:
        os.chmod(path, mode)
    return True


def sweep(*, min_age=None, dry_run=False, now=None, storage=private_storage):
    """Delete the orphaned files older than `min_age` seconds (default
    ZIB_GRANTS_ORPHAN_MIN_AGE) and tighten the permissions of the rest; `dry_run` changes
    nothing and only reports."""
    min_age = conf.orphan_min_age() if min_age is None else min_age
    cutoff = (now or timezone.now()) - datetime.timedelta(seconds=min_age)
    # The rows first, then the files: a file whose row commits in between is young and kept.
    referenced = referenced_names()
    result = Sweep()
    for name in stored_files(storage):
        if name not in referenced:
            if storage.get_modified_time(name) > cutoff:
                result.young.append(name)
                continue
            result.orphans.append(name)
            if not dry_run:
                storage.delete(name)
            continue
        if _tighten(storage.path(name), storage.file_permissions_mode, dry_run):
            result.tightened.append(name)
    if os.path.isdir(storage.location):
        for folder, _dirs, _files in os.walk(storage.location):
            if _tighten(folder, storage.directory_permissions_mode, dry_run):
                result.tightened.append(os.path.relpath(folder, storage.location) + "/")
    return result
