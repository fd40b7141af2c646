"""Status callbacks: state events -> form parameters of Twilio's status callbacks, signed, sent in
the background.

``signature`` is the algorithm of twilio's ``RequestValidator`` (HMAC-SHA1 over the URL
and the sorted parameters, keyed with the auth token, as twilio-python's
``twilio/request_validator.py`` checks). ``CallbackSender`` sends
from its own thread, so API answers never wait for a receiver.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import queue
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

import httpx

from .models import Composition, Recording, Room, StateEvent

log = logging.getLogger(__name__)

# Real recording callbacks carry lower-case codecs (one real sample); one place to flip.
CALLBACK_CODEC_LOWERCASE = True
_TIMEOUT = httpx.Timeout(5.0)


def signature(url: str, params: Mapping[str, str], auth_token: str) -> str:
    """``X-Twilio-Signature`` for a request to ``url`` with form ``params``."""
    payload = url + "".join(f"{name}{params[name]}" for name in sorted(params))
    digest = hmac.new(auth_token.encode(), payload.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


@dataclass(frozen=True)
class Callback:
    """One status callback to deliver."""

    url: str
    method: str
    params: dict[str, str]


@dataclass(frozen=True)
class Delivery:
    """What happened to a callback: the receiver's status, or the error's type name."""

    event: str
    url: str
    status: int | None
    error: str | None = None


def _timestamp(event: StateEvent) -> str:
    return event.timestamp.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _room_params(event: StateEvent, room: Room, account_sid: str) -> dict[str, str]:
    return {
        "AccountSid": account_sid,
        "RoomName": room.unique_name,
        "RoomSid": room.sid,
        "RoomStatus": room.status,
        "RoomType": room.type,
        "StatusCallbackEvent": event.name,
        "Timestamp": _timestamp(event),
        "SequenceNumber": str(next(room.callback_sequence)),
    }


def _recording_params(event: StateEvent, room: Room, r: Recording) -> dict[str, str]:
    params = {
        "RecordingSid": r.sid,
        "ParticipantSid": r.participant_sid,
        "SourceSid": r.source_sid,
        "TrackName": r.track_name,
        "RecordingUri": f"/v1/Recordings/{r.sid}",
        "Container": r.container_format,
        "Codec": r.codec.lower() if CALLBACK_CODEC_LOWERCASE else r.codec,
        "Type": r.kind,
        "OffsetFromTwilioVideoEpoch": str(r.offset),
    }
    if event.name == "recording-completed":
        params |= {
            "MediaUri": f"/v1/Recordings/{r.sid}/Media",
            "Duration": str(r.duration),
            "Size": str(r.size),
        }
        if r.media_external_location:
            params["MediaExternalLocation"] = r.media_external_location
    if event.name == "recording-failed":
        params["FailedOperation"] = "RecordingComplete"
    return params


def room_callback(event: StateEvent, account_sid: str) -> Callback | None:
    """The callback for a room, participant, track or recording event, if the room has one."""
    room = event.room
    if room is None or not room.status_callback or event.composition is not None:
        return None
    params = _room_params(event, room, account_sid)
    participant = event.participant
    if event.recording is not None:
        participant = next(
            (p for p in room.participants if p.sid == event.recording.participant_sid), None
        )
        params |= _recording_params(event, room, event.recording)
    if participant is not None:
        params |= {
            "ParticipantSid": participant.sid,
            "ParticipantStatus": participant.status,
            "ParticipantIdentity": participant.identity,
        }
        if event.name == "participant-disconnected" and participant.duration is not None:
            params["ParticipantDuration"] = str(participant.duration)
    if event.track is not None:
        params |= {"TrackSid": event.track.sid, "TrackKind": event.track.kind}
    if event.name == "room-ended" and room.duration is not None:
        params["RoomDuration"] = str(room.duration)
    return Callback(room.status_callback, room.status_callback_method, params)


def composition_callback(event: StateEvent, account_sid: str) -> Callback | None:
    """The callback for a composition event, if the composition (or its hook) has one."""
    c: Composition | None = event.composition
    if c is None or not c.status_callback:
        return None
    params = {
        "AccountSid": account_sid,
        "StatusCallbackEvent": event.name,
        "Timestamp": _timestamp(event),
        "RoomSid": c.room_sid,
        "CompositionSid": c.sid,
        "CompositionUri": f"/v1/Compositions/{c.sid}",
    }
    if event.hook is not None:
        params |= {
            "HookSid": event.hook.sid,
            "HookUri": f"/v1/CompositionHooks/{event.hook.sid}",
            "HookFriendlyName": event.hook.friendly_name,
        }
    if event.name == "composition-available":
        params |= {
            "MediaUri": f"/v1/Compositions/{c.sid}/Media",
            "Duration": str(c.duration),
            "Size": str(c.size),
        }
        if c.media_external_location:
            params["MediaExternalLocation"] = c.media_external_location
    return Callback(c.status_callback, c.status_callback_method, params)


class CallbackSender:
    """A background thread delivering signed callbacks in order; ``deliveries`` logs results."""

    def __init__(self, account_sid: str, auth_token: str) -> None:
        self._account_sid = account_sid
        self._auth_token = auth_token
        self._queue: queue.Queue[tuple[str, Callback] | threading.Event | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self.deliveries: list[Delivery] = []

    def on_event(self, event: StateEvent) -> None:
        """State listener: queue the callback ``event`` calls for, if any."""
        callback = room_callback(event, self._account_sid) or composition_callback(
            event, self._account_sid
        )
        if callback is not None:
            self._queue.put((event.name, callback))

    def start(self) -> None:
        """Start the delivery thread."""
        self._thread = threading.Thread(target=self._run, name="twilio-callbacks", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Deliver what is queued, then stop the thread."""
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join(timeout=10)
            self._thread = None

    def wait_idle(self, timeout: float = 5.0) -> bool:
        """Block until every callback queued so far was attempted (tests use this)."""
        done = threading.Event()
        self._queue.put(done)
        return done.wait(timeout)

    def _run(self) -> None:
        with httpx.Client(timeout=_TIMEOUT) as client:
            while (item := self._queue.get()) is not None:
                if isinstance(item, threading.Event):
                    item.set()
                    continue
                name, callback = item
                self.deliveries.append(self._deliver(client, name, callback))

    def _deliver(self, client: httpx.Client, name: str, callback: Callback) -> Delivery:
        headers: dict[str, str]
        try:
            if callback.method.upper() == "GET":
                sep = "&" if "?" in callback.url else "?"
                url = f"{callback.url}{sep}{urlencode(callback.params)}"
                headers = {"X-Twilio-Signature": signature(url, {}, self._auth_token)}
                response = client.get(url, headers=headers)
            else:
                headers = {
                    "X-Twilio-Signature": signature(callback.url, callback.params, self._auth_token)
                }
                response = client.post(callback.url, data=callback.params, headers=headers)
        except httpx.HTTPError as exc:
            log.info("status callback %s to %s failed: %s", name, callback.url, type(exc).__name__)
            return Delivery(name, callback.url, None, type(exc).__name__)
        return Delivery(name, callback.url, response.status_code)
