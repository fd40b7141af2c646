import Video from './zoomVideo';

export async function run(token) {
  // TODO(twilio2zoom): await client.join(sessionName, token, userName, passcode?); client.getMediaStream() (docs/mapping.md#js-connect)
  // TODO(twilio2zoom): [unsupported] No equivalent; cap render quality with VideoQuality (docs/mapping.md#js-connect-option-maxvideobitrate)
  return Video.connect(token, { maxVideoBitrate: 300000 });
}
