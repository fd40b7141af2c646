import Video from '@zoom/videosdk';
import { joinSession, localTracks } from './zoomVideo';
import type { ZoomClient } from './zoomVideo';

export async function run(token: string): Promise<ZoomClient | void> {
  // TODO(twilio2zoom): preview tracks only; the session's media starts with startAudio/startVideo after join (docs/mapping.md#js-create-local-tracks)
  const tracks = await localTracks();
  // TODO(twilio2zoom): one call became createClient/init/join; the join topic must equal the token's tpc and userName is required; media starts after join (docs/mapping.md#js-connect)
  // TODO(twilio2zoom): no track objects at join: startAudio/startVideo after join (docs/mapping.md#js-connect-option-tracks)
  return joinSession(token, { tracks });
}
