import Video from '@zoom/videosdk';
import { onNetworkQuality, sessionName, userName } from './zoomVideo';
import type { ZoomClient } from './zoomVideo';

export async function run(token: string): Promise<ZoomClient | void> {
  // TODO(twilio2zoom): createClient/init/join: the topic must be the token's tpc; media starts after join (docs/mapping.md#js-connect)
  const room = Video.createClient();
  await room.init('en-US', 'Global', { patchJsMedia: true });
  await room.join(sessionName(token, 'demo'), token, userName(token));
  await room.getMediaStream().startAudio();
  await room.getMediaStream().startVideo();
  // TODO(twilio2zoom): network-quality-change: uplink level 0-5, only while the user's video is on (docs/mapping.md#js-event-networkqualitylevelchanged)
  onNetworkQuality(room, (...args: unknown[]) => console.log(args));
}
