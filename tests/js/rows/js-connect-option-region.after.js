import Video from './zoomVideo';

export async function run(token) {
  // TODO(twilio2zoom): await client.join(sessionName, token, userName, passcode?); client.getMediaStream() (docs/mapping.md#js-connect)
  // TODO(twilio2zoom): JWT geo_regions claim (docs/mapping.md#js-connect-option-region)
  return Video.connect(token, { region: 'de1' });
}
