import { client, joinSession } from './zoomVideo';

export async function run(token) {
  // TODO(twilio2zoom): nothing to publish: the command channel sends strings of at most 512 characters (docs/mapping.md#js-local-data-track)
  const notes = client.getCommandClient();
  // TODO(twilio2zoom): createClient/init/join: the topic must be the token's tpc; media starts after join (docs/mapping.md#js-connect)
  // TODO(twilio2zoom): no track objects at join: startAudio/startVideo after join (docs/mapping.md#js-connect-option-tracks)
  return joinSession(token, { tracks: [notes] });
}
