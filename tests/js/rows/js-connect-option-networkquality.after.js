import { joinSession } from './zoomVideo';

export async function run(token) {
  // TODO(twilio2zoom): createClient/init/join: the topic must be the token's tpc; media starts after join (docs/mapping.md#js-connect)
  // TODO(twilio2zoom): always on: listen for network-quality-change (levels 0-5, only while video is on) (docs/mapping.md#js-connect-option-networkquality)
  return joinSession(token, { networkQuality: { local: 1, remote: 1 } });
}
