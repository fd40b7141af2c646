import Video from './zoomVideo';

export async function run(token) {
  // TODO(twilio2zoom): await client.join(sessionName, token, userName, passcode?); client.getMediaStream() (docs/mapping.md#js-connect)
  const room = await Video.connect(token, { name: 'demo' });
  // TODO(twilio2zoom): User fields: bVideoOn, audio, muted, sharerOn; peer-video-state-change for changes (docs/mapping.md#js-publications)
  room.localParticipant.audioTracks.forEach((pub) => {
    // TODO(twilio2zoom): stream.muteAudio() / stream.stopVideo() (docs/mapping.md#js-track-disable)
    pub.track.disable();
  });
}
