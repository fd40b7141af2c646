import Video from '@zoom/videosdk';
import { participantsOf, sessionName, userName } from './zoomVideo';
import type { ZoomClient } from './zoomVideo';

export async function run(token: string): Promise<ZoomClient | void> {
  // TODO(twilio2zoom): createClient/init/join: the topic must be the token's tpc; media starts after join (docs/mapping.md#js-connect)
  const room = Video.createClient();
  await room.init('en-US', 'Global', { patchJsMedia: true });
  await room.join(sessionName(token, 'demo'), token, userName(token));
  await room.getMediaStream().startAudio();
  await room.getMediaStream().startVideo();
  // TODO(twilio2zoom): getAllUser() after join (present users raise no user-added), keyed by String(userId) (docs/mapping.md#js-participants)
  // TODO(twilio2zoom): displayName is the join userName (userIdentity: JWT user_identity) (docs/mapping.md#js-participant-identity)
  participantsOf(room).forEach((p) => console.log(p.displayName));
}
