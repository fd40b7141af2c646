import Video from './zoomVideo';

export async function run(token) {
  // TODO(twilio2zoom): await client.join(sessionName, token, userName, passcode?); client.getMediaStream() (docs/mapping.md#js-connect)
  // TODO(twilio2zoom): Always on: client.on('network-quality-change') (docs/mapping.md#js-connect-option-networkquality)
  return Video.connect(token, { networkQuality: { local: 1, remote: 1 } });
}
