import Video from '@zoom/videosdk';
import { recordingState, sessionName, userName } from './zoomVideo';
import type { ZoomClient } from './zoomVideo';

export async function run(token: string): Promise<ZoomClient | void> {
  // TODO(twilio2zoom): createClient/init/join: the topic must be the token's tpc; media starts after join (docs/mapping.md#js-connect)
  const room = Video.createClient();
  await room.init('en-US', 'Global', { patchJsMedia: true });
  await room.join(sessionName(token, 'demo'), token, userName(token));
  await room.getMediaStream().startAudio();
  await room.getMediaStream().startVideo();
  // TODO(twilio2zoom): recording-change (cloud recording status) (docs/mapping.md#js-event-recordingstarted)
  room.on('recording-change', recordingState(['Recording'], (...args: unknown[]) => console.log(args)));
}
