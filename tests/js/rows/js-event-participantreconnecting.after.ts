import Video from '@zoom/videosdk';
import { inFailover, sessionName, userName } from './zoomVideo';
import type { ZoomClient } from './zoomVideo';

export async function run(token: string): Promise<ZoomClient | void> {
  // TODO(twilio2zoom): createClient/init/join: the topic must be the token's tpc; media starts after join (docs/mapping.md#js-connect)
  const room = Video.createClient();
  await room.init('en-US', 'Global', { patchJsMedia: true });
  await room.join(sessionName(token, 'demo'), token, userName(token));
  await room.getMediaStream().startAudio();
  await room.getMediaStream().startVideo();
  // TODO(twilio2zoom): user-updated with isInFailover (users still failing over drop after about 2 minutes; parity not confirmed) (docs/mapping.md#js-event-participantreconnecting)
  room.on('user-updated', inFailover((...args: unknown[]) => console.log(args)));
}
