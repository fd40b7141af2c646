import Video from './zoomVideo';

export async function run(token) {
  // TODO(twilio2zoom): await client.join(sessionName, token, userName, passcode?); client.getMediaStream() (docs/mapping.md#js-connect)
  // TODO(twilio2zoom): stream.startAudio() / startVideo() after join (docs/mapping.md#js-connect-option-tracks)
  return Video.connect(token, { tracks: [] });
}
