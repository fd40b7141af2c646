import { client, joinSession } from './zoomVideo';

export async function run(token) {
  // TODO(twilio2zoom): nothing to publish: the command channel sends strings of at most 512 characters (docs/mapping.md#js-local-data-track)
  const notes = client.getCommandClient();
  // TODO(twilio2zoom): createClient/init/join: the topic must be the token's tpc; media starts after join (docs/mapping.md#js-connect)
  // TODO(twilio2zoom): no track objects at join: startAudio/startVideo after join (docs/mapping.md#js-connect-option-tracks)
  await joinSession(token, { tracks: [notes] });
  // TODO(twilio2zoom): command channel: strings of at most 512 characters (COMMAND_CHANNEL_MAX_CHARS), ~2/s, best effort (docs/mapping.md#js-data-track-send)
  client.getCommandClient().send('hello everyone');
}
