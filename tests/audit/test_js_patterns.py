"""Browser patterns of real front ends that the fixtures do not show, in our own words."""

from __future__ import annotations

from migrate.audit.js_scanner import scan_js

# twilio-video's 1.0 betas connected through a client object built from the token.
LEGACY_CLIENT = """import Video from 'twilio-video';
class Call {
  constructor(token) {
    this.video = new Video.Client(token);
  }
  start(name) {
    return this.video.connect({ to: name }).then((room) => {
      room.on('participantConnected', (p) => p.media.attach(this.el));
    });
  }
}
"""


def test_the_legacy_client_connects_and_what_it_returns_is_proven() -> None:
    hits = {(h.rule_id, h.line, h.confidence) for h in scan_js(LEGACY_CLIENT.encode())}
    assert ("js-connect", 4, "proven") in hits
    assert ("js-connect", 7, "proven") in hits
    assert ("js-event", 8, "proven") in hits


def test_a_connect_method_on_an_unrelated_object_is_not_video() -> None:
    source = "import Video from 'twilio-video';\nconst db = makePool();\ndb.connect({ to: 'x' });\n"
    assert "js-connect" not in {h.rule_id for h in scan_js(source.encode())}


def test_a_data_track_made_without_new_is_a_data_track() -> None:
    source = (
        "const channel = Twilio.Video.LocalDataTrack();\nchannel.send('ready');\n"
        "const other = makeTrack();\nother.send('not video');\n"
    )
    hits = {(h.rule_id, h.line) for h in scan_js(source.encode())}
    assert ("js-data-track", 1) in hits
    assert ("js-data-send", 2) in hits
    assert ("js-data-send", 4) not in hits
