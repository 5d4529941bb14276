"""The storage of case documents: private (no URL), configured as STORAGES["casefiles"].

Lazy like Django's ``default_storage``, so it follows settings changes (the
tests point it at a temporary folder).
"""

from django.core.files.storage import FileSystemStorage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty


class PrivateFileSystemStorage(FileSystemStorage):
    """Files on disk with no URL at all: they are only ever served by a view that checks access."""

    def url(self, name):
        # NotImplementedError is how Django storages (and Wagtail's serve view) say "no direct URL".
        raise NotImplementedError("Case documents have no public URL.")


class CasefilesStorage(LazyObject):
    def _setup(self):
        self._wrapped = storages["casefiles"]


casefiles_storage_instance = CasefilesStorage()


def casefiles_storage():
    """Storage callable for FileFields (migrations record this function, not a path)."""
    return casefiles_storage_instance


@receiver(setting_changed)
def _reset(*, setting, **kwargs):
    if setting in ("STORAGES", "MEDIA_ROOT"):
        casefiles_storage_instance._wrapped = empty
