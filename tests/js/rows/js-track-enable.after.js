import Video from '@zoom/videosdk';
import { enableTrack, sessionName, tracksOf, userName } from './zoomVideo';

export async function run(token) {
  // TODO(twilio2zoom): createClient/init/join: the topic must be the token's tpc; media starts after join (docs/mapping.md#js-connect)
  const room = Video.createClient();
  await room.init('en-US', 'Global', { patchJsMedia: true });
  await room.join(sessionName(token, 'demo'), token, userName(token));
  await room.getMediaStream().startAudio();
  await room.getMediaStream().startVideo();
  // TODO(twilio2zoom): rebuilt from the user's bVideoOn/audio/muted (no track objects) (docs/mapping.md#js-publications)
  // TODO(twilio2zoom): getCurrentUserInfo(): a plain user, not a participant object (docs/mapping.md#js-local-participant)
  tracksOf(room.getCurrentUserInfo(), 'audio').forEach((pub) => {
    // TODO(twilio2zoom): audio unmutes; video restarts the camera (docs/mapping.md#js-track-enable)
    enableTrack(pub.track);
  });
}
