"""Recording and Composition Settings (external S3, encryption) -> Zoom BYOS storage.

Twilio: ``RecordingSettings/Default`` and ``CompositionSettings/Default`` (the vendored spec;
https://www.twilio.com/docs/video/api/recordings-resource). Zoom: Bring Your Own Storage, Amazon S3
only, access-key authentication (https://developers.zoom.us/docs/api/video-sdk/). Twilio's AWS
credentials are a stored ``CR`` credential whose secret cannot be read back, so the Zoom location
needs the access key entered anew.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from mappings.fidelity import Fidelity, FrozenModel, ParamMapping, param_row, weakest
from mappings.zoom_api import ZoomRequest

_VIRTUAL_HOST = re.compile(r"(?P<bucket>.+?)\.s3(?:[.-](?P<region>[a-z0-9-]+))?\.amazonaws\.com")
_PATH_HOST = re.compile(r"s3(?:[.-](?P<region>[a-z0-9-]+))?\.amazonaws\.com")


class S3Location(FrozenModel):
    """Bucket, region (None when the URL does not say) and key prefix of an S3 URL."""

    bucket: str
    region: str | None
    prefix: str


class StorageLocationPlan(FrozenModel):
    """The Zoom S3 storage location a settings resource needs (its access key aside)."""

    name: str
    bucket: str
    region: str | None


class StorageMapping(FrozenModel):
    """The Zoom BYOS calls for one Twilio settings resource and what each field became.

    ``requests`` carry no secrets: the access key placeholders must be filled by the user.
    ``location`` is the storage location to select, None when BYOS goes off or cannot be.
    """

    location: StorageLocationPlan | None
    requests: list[ZoomRequest]
    params: list[ParamMapping]
    fidelity: Fidelity
    actions: list[str]


def parse_s3_url(url: str) -> S3Location | None:
    """Split a virtual-hosted or path-style S3 URL; None when it is not an S3 URL."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    path = parts.path.strip("/")
    if match := _VIRTUAL_HOST.fullmatch(host):
        region = match["region"]
        return S3Location(bucket=match["bucket"], region=region, prefix=path)
    if (match := _PATH_HOST.fullmatch(host)) and path:
        bucket, _, prefix = path.partition("/")
        return S3Location(bucket=bucket, region=match["region"], prefix=prefix)
    return None


def _byos_requests(plan: StorageLocationPlan) -> list[ZoomRequest]:
    """The two Zoom calls that create the S3 location and select it (secrets left blank)."""
    s3: dict[str, Any] = {
        "bucket": plan.bucket,
        "authentication_mechanism": "aws_access_key",
        "access_key": {"id": "<AWS access key id>", "key": "<AWS secret access key>"},
    }
    if plan.region:
        s3["region"] = plan.region
    return [
        ZoomRequest(
            method="POST",
            path="/videosdk/settings/storage/location",
            body={"name": plan.name, "provider": "aws_s3", "s3": s3},
        ),
        ZoomRequest(
            method="PATCH",
            path="/videosdk/settings/storage",
            body={"bring_our_own_storage": True, "storage_location_id": "<id from the POST>"},
        ),
    ]


def _location_rows(url: object, location: S3Location) -> list[ParamMapping]:
    """What ``aws_storage_enabled`` and an S3 ``aws_s3_url`` become on Zoom."""
    prefix_note = (
        f"Zoom writes its own key layout; the prefix {location.prefix!r} is not used."
        if location.prefix
        else ""
    )
    region_note = "" if location.region else " Give the bucket's region; the URL has none."
    return [
        param_row("aws_storage_enabled", True, "PATCH /videosdk/settings/storage", "exact", ""),
        param_row(
            "aws_s3_url",
            url,
            f"s3.bucket = {location.bucket!r}",
            "approximate" if location.prefix or not location.region else "exact",
            (prefix_note + region_note).strip(),
        ),
    ]


def _secret_rows(settings: Mapping[str, Any]) -> tuple[list[ParamMapping], list[str]]:
    """Credentials and encryption: what Zoom cannot take over, and what to do instead."""
    rows: list[ParamMapping] = []
    actions: list[str] = []
    if settings.get("aws_credentials_sid"):
        rows.append(
            param_row(
                "aws_credentials_sid",
                settings["aws_credentials_sid"],
                "s3.access_key {id, key}",
                "approximate",
                "Twilio holds the secret; enter an access key on Zoom yourself.",
            )
        )
    if settings.get("encryption_enabled"):
        rows.append(
            param_row(
                "encryption_enabled",
                True,
                "(no equivalent)",
                "unsupported",
                "Zoom has no customer public-key encryption; use S3 server-side "
                "encryption (SSE-KMS) on the BYOS bucket. Exported Twilio media stays "
                "encrypted until decrypted with your private key.",
            )
        )
        actions.append("enable SSE-KMS on the bucket; keep the private key to decrypt the archive")
    if settings.get("encryption_key_sid"):
        rows.append(
            param_row(
                "encryption_key_sid",
                settings["encryption_key_sid"],
                "(no equivalent)",
                "unsupported",
                "The CR public key has no use on Zoom.",
            )
        )
    return rows, actions


def map_storage_settings(settings: Mapping[str, Any]) -> StorageMapping:
    """Map a fetched RecordingSettings or CompositionSettings resource (snake_case fields)."""
    name = str(settings.get("friendly_name") or "twilio2zoom")
    params = [param_row("friendly_name", name, "storage location name", "exact", "")]
    requests: list[ZoomRequest] = []
    actions: list[str] = []
    plan: StorageLocationPlan | None = None
    url = settings.get("aws_s3_url")
    location = parse_s3_url(url) if isinstance(url, str) and url else None
    if not settings.get("aws_storage_enabled"):
        off = "Zoom cloud storage (BYOS off)"
        params.append(param_row("aws_storage_enabled", False, off, "exact", ""))
    elif location is None:
        only_s3 = "Zoom BYOS supports Amazon S3 only."
        params.append(param_row("aws_s3_url", url, "(not an S3 URL)", "unsupported", only_s3))
    else:
        plan = StorageLocationPlan(name=name, bucket=location.bucket, region=location.region)
        requests = _byos_requests(plan)
        params += _location_rows(url, location)
        actions.append(f"create an access key with write access to s3://{location.bucket}")
    secret_rows, secret_actions = _secret_rows(settings)
    return StorageMapping(
        location=plan,
        requests=requests,
        params=params + secret_rows,
        fidelity=weakest(*(p.fidelity for p in params + secret_rows)),
        actions=actions + secret_actions,
    )


def s3_url(bucket: str, region: str | None) -> str:
    """The virtual-hosted S3 URL of a bucket, as Twilio's ``aws_s3_url`` shows it."""
    host = f"{bucket}.s3.{region}.amazonaws.com" if region else f"{bucket}.s3.amazonaws.com"
    return f"https://{host}"


def storage_settings_view(
    location: Mapping[str, Any] | None,
    stored: Mapping[str, Any] | None,
    *,
    account_sid: str,
    url: str,
) -> dict[str, Any]:
    """A RecordingSettings / CompositionSettings resource for Zoom's storage state.

    ``location`` is the Zoom storage location in use (``{name, s3: {bucket, region}}``),
    None when recordings stay in Zoom's cloud. ``stored`` holds the Twilio values last
    set through the shim (snake_case fields): Zoom keeps neither Twilio's credential SIDs
    nor the URL's key prefix, so they come from there while they still describe the
    location's bucket. Encryption is always off: Zoom has no public-key encryption.
    """
    known = dict(stored or {})
    view: dict[str, Any] = {
        "account_sid": account_sid,
        "friendly_name": known.get("friendly_name"),
        "aws_credentials_sid": known.get("aws_credentials_sid"),
        "aws_s3_url": known.get("aws_s3_url"),
        "aws_storage_enabled": False,
        "encryption_key_sid": known.get("encryption_key_sid"),
        "encryption_enabled": False,
        "url": url,
    }
    if location is None:
        return view
    s3 = location.get("s3") or {}
    bucket = str(s3.get("bucket") or "")
    region = s3.get("region")
    given = view["aws_s3_url"]
    parsed = parse_s3_url(given) if isinstance(given, str) and given else None
    if parsed is None or parsed.bucket != bucket:
        # Zoom was pointed at another bucket since; the stored Twilio values are stale.
        view["aws_s3_url"] = s3_url(bucket, str(region) if region else None)
        view["aws_credentials_sid"] = None
    view["friendly_name"] = location.get("name") or view["friendly_name"]
    view["aws_storage_enabled"] = True
    return view
