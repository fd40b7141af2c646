"""Counterparts of ``composition_settings`` and ``recording_settings``: Zoom BYOS storage.

Both Twilio resources map through ``mappings.settings_map.map_storage_settings`` to Zoom's one Bring
Your Own Storage setting (https://developers.zoom.us/docs/api/video-sdk/): an Amazon S3 storage
location (``POST`` / ``PATCH /videosdk/settings/storage/location``) switched on with ``PATCH
/videosdk/settings/storage``. Zoom has a single setting for every recording, so setting either
resource moves both.

What cannot be carried is never dropped quietly:

* Zoom signs in to S3 with an AWS access key, and the secret behind a Twilio credential
  SID (``aws_credentials_sid``) cannot be read back from Twilio. The shim takes the key as
  the keyword-only ``aws_access_key_id=`` / ``aws_secret_access_key=``, or reuses a Zoom
  location already set up for the bucket; with neither, ``create`` raises.
* ``encryption_enabled=True`` raises: Zoom has no public-key encryption, and storing
  recordings in clear text where the application asked for encryption is not a
  difference a warning should cover. The alternative (SSE-KMS on the bucket) is named.
* Everything else Zoom approximates (the URL's key prefix, an unused ``encryption_key_sid``
  or credential SID) emits :class:`~migrate.shim.ShimCompatibilityWarning`.

Zoom keeps neither credential SIDs nor the key prefix, so ``fetch`` takes those from the
SID store and everything Zoom knows (on or off, bucket, name) from Zoom.
"""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import SecretStr

from mappings.fidelity import ParamMapping
from mappings.settings_map import (
    StorageLocationPlan,
    map_storage_settings,
    storage_settings_view,
)
from migrate.shim.base.instance_resource import InstanceResource
from migrate.shim.errors import (
    docs_link,
    not_supported,
    rest_error,
    twilio_url,
    warn_compat,
    zoom_errors,
)
from migrate.shim.rest.video.backend import ZoomBackend
from migrate.shim.store import StoredStorage
from migrate.zoom.errors import ZoomApiError
from migrate.zoom.models import S3AccessKey, S3Storage, StorageLocation

# How far up the stack the application's create() call is, for warnings.
_APP_STACKLEVEL = 4


class StorageSettingsInstance(InstanceResource):
    """Twilio's settings attributes; ``fetch()`` and ``create()`` as on twilio's instance."""

    account_sid: str
    friendly_name: str | None
    aws_credentials_sid: str | None
    aws_s3_url: str | None
    aws_storage_enabled: bool
    encryption_key_sid: str | None
    encryption_enabled: bool
    url: str

    def __init__(self, context: StorageSettingsContext, properties: dict[str, Any]) -> None:
        super().__init__(properties)
        self._context = context

    def fetch(self) -> StorageSettingsInstance:
        """Fetch the settings again."""
        return self._context.fetch()

    def create(
        self,
        friendly_name: str,
        aws_credentials_sid: str | None = None,
        encryption_key_sid: str | None = None,
        aws_s3_url: str | None = None,
        aws_storage_enabled: bool | None = None,
        encryption_enabled: bool | None = None,
        *,
        aws_access_key_id: str | None = None,
        aws_secret_access_key: str | None = None,
    ) -> StorageSettingsInstance:
        """Set the settings (see :meth:`StorageSettingsContext.create`)."""
        return self._context.create(
            friendly_name,
            aws_credentials_sid,
            encryption_key_sid,
            aws_s3_url,
            aws_storage_enabled,
            encryption_enabled,
            aws_access_key_id=aws_access_key_id,
            aws_secret_access_key=aws_secret_access_key,
        )

    def __repr__(self) -> str:
        return f"<Twilio.Video.V1.{type(self).__name__}>"


class RecordingSettingsInstance(StorageSettingsInstance):
    """``recording_settings().fetch()``."""


class CompositionSettingsInstance(StorageSettingsInstance):
    """``composition_settings().fetch()``."""


class StorageSettingsContext:
    """``recording_settings()`` / ``composition_settings()``: the account's one setting."""

    _resource: ClassVar[str]
    _catalog_key: ClassVar[str]
    _path: ClassVar[str]
    _instance: ClassVar[type[StorageSettingsInstance]]

    def __init__(self, backend: ZoomBackend) -> None:
        self._backend = backend

    @property
    def _call(self) -> str:
        return f"client.video.v1.{self._resource}()"

    def fetch(self) -> StorageSettingsInstance:
        """Zoom's storage state, with the Twilio-only values the shim last set."""
        stored = self._backend.store.storage()
        with zoom_errors(self._path):
            location = self._current_location(stored)
        return self._view(location, stored)

    def create(
        self,
        friendly_name: str,
        aws_credentials_sid: str | None = None,
        encryption_key_sid: str | None = None,
        aws_s3_url: str | None = None,
        aws_storage_enabled: bool | None = None,
        encryption_enabled: bool | None = None,
        *,
        aws_access_key_id: str | None = None,
        aws_secret_access_key: str | None = None,
    ) -> StorageSettingsInstance:
        """Point Zoom's recording storage where Twilio's settings pointed.

        ``aws_storage_enabled=True`` selects a Zoom S3 location for the bucket of
        ``aws_s3_url``: created (or updated) with ``aws_access_key_id`` /
        ``aws_secret_access_key`` when given (shim-only keywords; the key goes to Zoom
        and nowhere else, is never stored), else an existing Zoom location for that
        bucket. Otherwise BYOS is switched off. Raises
        :class:`~migrate.shim.errors.ShimNotSupportedError` for what Zoom cannot carry
        (see the module docstring), before anything is sent to Zoom.
        """
        call = f"{self._call}.create"
        if not friendly_name:
            raise rest_error(
                400, self._path, "Unable to create record: FriendlyName is required", "POST"
            )
        if bool(aws_access_key_id) != bool(aws_secret_access_key):
            raise rest_error(
                400,
                self._path,
                "Unable to create record: give both aws_access_key_id and "
                "aws_secret_access_key, or neither",
                "POST",
            )
        given: dict[str, Any] = {
            "friendly_name": friendly_name,
            "aws_credentials_sid": aws_credentials_sid,
            "encryption_key_sid": encryption_key_sid,
            "aws_s3_url": aws_s3_url,
            "aws_storage_enabled": bool(aws_storage_enabled),
            "encryption_enabled": bool(encryption_enabled),
        }
        mapping = map_storage_settings(given)
        rows = {row.param: row for row in mapping.params}
        if encryption_enabled:
            key = f"encryption_key_sid={encryption_key_sid!r}" if encryption_key_sid else ""
            raise self._refuse(call, rows["encryption_enabled"], key)
        target = mapping.location
        if aws_storage_enabled and target is None:
            raise self._refuse(call, rows["aws_s3_url"])
        location_id: str | None = None
        notes: dict[str, str] = {}
        secrets = [aws_secret_access_key] if aws_secret_access_key else []
        with zoom_errors(self._path, "POST", "create", secrets):
            if aws_storage_enabled and target is not None:
                location_id, notes["aws_credentials_sid"] = self._select_location(
                    call, target, aws_credentials_sid, aws_access_key_id, aws_secret_access_key
                )
            self._backend.zoom.update_storage_settings(
                bring_our_own_storage=location_id is not None, storage_location_id=location_id
            )
        previous = self._backend.store.storage()
        self._backend.store.remember_storage(
            self._resource, {k: v for k, v in given.items() if v is not None}, location_id
        )
        self._warn(call, mapping.params, notes)
        self._warn_shared(call, previous, location_id)
        with zoom_errors(self._path, "POST", "create"):
            location = self._backend.zoom.get_storage_location(location_id) if location_id else None
        return self._view(location, self._backend.store.storage())

    # --- steps ----------------------------------------------------------------------
    def _select_location(
        self,
        call: str,
        target: StorageLocationPlan,
        credentials_sid: str | None,
        key_id: str | None,
        secret: str | None,
    ) -> tuple[str, str]:
        """The Zoom location id for the mapped bucket, and what authenticates to S3."""
        name, bucket, region = target.name, target.bucket, target.region
        zoom = self._backend.zoom
        existing = next(
            (
                loc
                for loc in zoom.list_storage_locations()
                if loc.s3 is not None
                and loc.s3.bucket == bucket
                and (region is None or loc.s3.region in (None, region))
            ),
            None,
        )
        if key_id and secret:
            s3 = S3Storage(
                bucket=bucket,
                region=region,
                access_key=S3AccessKey(id=key_id, key=SecretStr(secret)),
            )
            if existing is not None:
                zoom.update_storage_location(existing.id, name=name, s3=s3)
                return existing.id, "the access key given as aws_access_key_id signs in to S3"
            return zoom.add_storage_location(name, s3).id, (
                "the access key given as aws_access_key_id signs in to S3"
            )
        if existing is None:
            what = (
                f"aws_credentials_sid={credentials_sid!r}: Zoom cannot read the AWS secret "
                "behind a Twilio credential"
                if credentials_sid
                else "aws_storage_enabled=True: Zoom needs an AWS access key for the bucket"
            )
            raise not_supported(
                self._catalog_key,
                call,
                self._path,
                "POST",
                reason=(
                    f"{what}, and Zoom has no storage location for bucket {bucket!r}; pass "
                    "aws_access_key_id= and aws_secret_access_key= (shim-only keywords) or "
                    "add the storage location on Zoom first"
                ),
            )
        if existing.name != name:
            zoom.update_storage_location(existing.id, name=name)
        return existing.id, (
            f"the Zoom storage location {existing.name or existing.id!r} signs in to S3 "
            "with its own access key"
        )

    def _current_location(self, stored: StoredStorage | None) -> StorageLocation | None:
        """The location Zoom writes to: the one the shim selected, else Zoom's ``selected``."""
        zoom = self._backend.zoom
        if stored is None:
            return next((loc for loc in zoom.list_storage_locations() if loc.selected), None)
        if stored.location_id is None:
            return None
        try:
            return zoom.get_storage_location(stored.location_id)
        except ZoomApiError as exc:
            if exc.status == 404:  # deleted on Zoom since: nothing can be written there
                return None
            raise

    def _view(
        self, location: StorageLocation | None, stored: StoredStorage | None
    ) -> StorageSettingsInstance:
        known = (
            location.model_dump(mode="json", include={"name": True, "s3": {"bucket", "region"}})
            if location is not None
            else None
        )
        view = storage_settings_view(
            known,
            stored.settings if stored is not None else None,
            account_sid=self._backend.account_sid,
            url=twilio_url(self._path),
        )
        return self._instance(self, view)

    def _refuse(self, call: str, row: ParamMapping, extra: str = "") -> Exception:
        value = f"{row.param}={row.value!r}" + (f" ({extra})" if extra else "")
        return not_supported(
            self._catalog_key, call, self._path, "POST", reason=f"{value}: {row.notes}"
        )

    def _warn(self, call: str, params: list[ParamMapping], notes: dict[str, str]) -> None:
        link = docs_link(self._catalog_key)
        for row in params:
            if row.fidelity == "exact":
                continue
            verb = "is not honoured on Zoom" if row.fidelity == "unsupported" else "is approximated"
            extra = f" Here {notes[row.param]}." if row.param in notes else ""
            warn_compat(
                f"{call}({row.param}={row.value!r}) {verb}: {row.zoom}. {row.notes}{extra} "
                f"(see {link})",
                stacklevel=_APP_STACKLEVEL,
            )

    def _warn_shared(
        self, call: str, previous: StoredStorage | None, location_id: str | None
    ) -> None:
        """Zoom has one storage setting: changing it through one resource moves the other."""
        if previous is None or previous.set_via == self._resource:
            return
        if previous.location_id == location_id:
            return
        warn_compat(
            f"{call}: recording_settings and composition_settings are one storage setting "
            f"on Zoom, so this also changes what {previous.set_via}() reports "
            f"(see {docs_link(self._catalog_key)})",
            stacklevel=_APP_STACKLEVEL,
        )


class RecordingSettingsContext(StorageSettingsContext):
    """``client.video.v1.recording_settings()``."""

    _resource = "recording_settings"
    _catalog_key = "video.recording_settings"
    _path = "/RecordingSettings/Default"
    _instance = RecordingSettingsInstance


class CompositionSettingsContext(StorageSettingsContext):
    """``client.video.v1.composition_settings()``."""

    _resource = "composition_settings"
    _catalog_key = "video.composition_settings"
    _path = "/CompositionSettings/Default"
    _instance = CompositionSettingsInstance


class RecordingSettingsList:
    """``client.video.v1.recording_settings`` (call it: ``recording_settings()``)."""

    def __init__(self, backend: ZoomBackend) -> None:
        self._backend = backend

    def get(self) -> RecordingSettingsContext:
        """The account's recording settings."""
        return RecordingSettingsContext(self._backend)

    def __call__(self) -> RecordingSettingsContext:
        return self.get()


class CompositionSettingsList:
    """``client.video.v1.composition_settings`` (call it: ``composition_settings()``)."""

    def __init__(self, backend: ZoomBackend) -> None:
        self._backend = backend

    def get(self) -> CompositionSettingsContext:
        """The account's composition settings."""
        return CompositionSettingsContext(self._backend)

    def __call__(self) -> CompositionSettingsContext:
        return self.get()
