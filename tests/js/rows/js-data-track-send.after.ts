import Video from '@zoom/videosdk';
import { client, joinSession } from './zoomVideo';
import type { ZoomClient } from './zoomVideo';

export async function run(token: string): Promise<ZoomClient | void> {
  // TODO(twilio2zoom): nothing to publish: the command channel sends strings of at most 512 characters (docs/mapping.md#js-local-data-track)
  const notes = client.getCommandClient();
  // TODO(twilio2zoom): one call became createClient/init/join; the join topic must equal the token's tpc and userName is required; media starts after join (docs/mapping.md#js-connect)
  // TODO(twilio2zoom): no track objects at join: startAudio/startVideo after join (docs/mapping.md#js-connect-option-tracks)
  await joinSession(token, { tracks: [notes] });
  // TODO(twilio2zoom): command channel: strings only, at most 512 characters (COMMAND_CHANNEL_MAX_CHARS), about 2 a second, best effort (docs/mapping.md#js-data-track-send)
  client.getCommandClient().send('hello everyone');
}
