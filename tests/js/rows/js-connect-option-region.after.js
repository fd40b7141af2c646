import { joinSession } from './zoomVideo';

export async function run(token) {
  // TODO(twilio2zoom): createClient/init/join: the topic must be the token's tpc; media starts after join (docs/mapping.md#js-connect)
  // TODO(twilio2zoom): JWT geo_regions claim; ignored `region: 'de1'` (docs/mapping.md#js-connect-option-region)
  return joinSession(token, { region: 'de1' });
}
