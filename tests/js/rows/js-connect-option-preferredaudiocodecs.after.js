import Video from './zoomVideo';

export async function run(token) {
  // TODO(twilio2zoom): await client.join(sessionName, token, userName, passcode?); client.getMediaStream() (docs/mapping.md#js-connect)
  // TODO(twilio2zoom): [unsupported] No equivalent; Zoom chooses codecs (docs/mapping.md#js-connect-option-preferredaudiocodecs)
  return Video.connect(token, { preferredAudioCodecs: ['opus'] });
}
