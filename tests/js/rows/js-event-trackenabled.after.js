import Video from '@zoom/videosdk';
import { onTrack, sessionName, userName } from './zoomVideo';

export async function run(token) {
  // TODO(twilio2zoom): createClient/init/join: the topic must be the token's tpc; media starts after join (docs/mapping.md#js-connect)
  const room = Video.createClient();
  await room.init('en-US', 'Global', { patchJsMedia: true });
  await room.join(sessionName(token, 'demo'), token, userName(token));
  await room.getMediaStream().startAudio();
  await room.getMediaStream().startVideo();
  // TODO(twilio2zoom): peer-video-state-change {action, userId}: user-level and video only (docs/mapping.md#js-event-trackenabled)
  onTrack(room, 'trackEnabled', (...args) => console.log(args));
}
