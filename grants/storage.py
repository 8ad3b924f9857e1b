"""Private storage for application attachments: on disk, outside MEDIA_ROOT, without URLs,
readable by the site's user only (0600 files in 0700 folders by default)."""

import os

from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible

from . import conf


@deconstructible
class PrivateStorage(FileSystemStorage):
    """A FileSystemStorage whose root is ZIB_GRANTS_PRIVATE_ROOT, read at every use.

    Reading the setting lazily lets tests point it at a temporary folder. `url()` refuses:
    attachments are delivered only by the permission-checked admin download view.
    """

    def __init__(self):
        super().__init__(location=None, base_url=None)

    @property
    def base_location(self):
        return str(conf.private_root())

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def file_permissions_mode(self):
        return conf.file_permissions()

    @property
    def directory_permissions_mode(self):
        return conf.directory_permissions()

    def url(self, name):
        raise ValueError("Grant attachments have no public URL.")


private_storage = PrivateStorage()


def get_private_storage():
    return private_storage
