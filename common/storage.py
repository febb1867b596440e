"""Where the installation's files live, through Django's storage API only.

Two aliases in ``settings.STORAGES``:

- ``default``: where every file field writes (evidence, dossier PDFs, objection files, archives).
  Reads fall back to ``cold``, so a file moved there after its cycle was archived (归档) is
  still found under its name by the same field and the same download view.
- ``cold``: where an archived cycle's files are moved; the filesystem by default, a bucket if
  configured.

Each may be the filesystem (``LocalStorage``, the ``make run`` default) or S3-compatible object
storage (``common.storage_s3.ObjectStorage``, imported only when configured). The download
views never read a path: ``common.files.protected_file_response`` asks the storage that holds
the file how the front server should serve it (``accel_path``, ``signed_url``).
"""

from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.utils.functional import cached_property

COLD = "cold"


class LocalStorage(FileSystemStorage):
    """The filesystem, optionally served by nginx's ``X-Accel-Redirect`` under ``accel_prefix``.

    ``location_setting`` names the setting that holds the folder (``MEDIA_ROOT`` for the
    default storage, ``COLD_MEDIA_ROOT`` for the cold one); it is read when first used, so a
    test's override of that setting moves the storage too.
    """

    def __init__(self, *, accel_prefix: str = "", location_setting: str = "MEDIA_ROOT", **kwargs):
        self.accel_prefix = accel_prefix
        self.location_setting = location_setting
        super().__init__(**kwargs)

    @cached_property
    def base_location(self):
        return self._value_or_setting(self._location, getattr(settings, self.location_setting))

    def _clear_cached_properties(self, setting, **kwargs):
        super()._clear_cached_properties(setting, **kwargs)
        if setting == self.location_setting:
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)

    def accel_path(self, name: str) -> str | None:
        """The internal nginx URI of ``name``, or None when no front server serves this folder."""
        if not self.accel_prefix:
            return None
        return self.accel_prefix.rstrip("/") + "/" + quote(name.lstrip("/"))


class ColdFallbackMixin:
    """Write to this storage; read from it, or else from the ``cold`` storage under the same name."""

    cold_alias = COLD

    def cold_storage(self):
        if self.cold_alias not in settings.STORAGES:
            return None
        return storages[self.cold_alias]

    def in_hot(self, name: str) -> bool:
        return super().exists(name)

    def locate(self, name: str):
        """The storage that holds ``name``: this one, else the cold one; None when neither does."""
        if super().exists(name):
            return self
        cold = self.cold_storage()
        if cold is not None and cold.exists(name):
            return cold
        return None

    def _open(self, name, mode="rb"):
        try:
            return super()._open(name, mode)
        except FileNotFoundError:
            cold = self.cold_storage()
            if cold is None or "r" not in mode or not cold.exists(name):
                raise
            return cold.open(name, mode)

    def exists(self, name):
        return self.locate(name) is not None

    def size(self, name):
        holder = self.locate(name)
        if holder is None or holder is self:
            return super().size(name)
        return holder.size(name)

    def delete(self, name):
        super().delete(name)
        cold = self.cold_storage()
        if cold is not None:
            cold.delete(name)

    def hot_delete(self, name: str) -> None:
        """Remove ``name`` from this storage only (once a verified copy is in the cold one)."""
        super().delete(name)


class TieredLocalStorage(ColdFallbackMixin, LocalStorage):
    """The default storage on the filesystem, falling back to the cold storage for reads."""
