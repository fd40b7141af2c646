import Video from '@zoom/videosdk';
import { eachUser, sessionName, tracksOf, userName } from './zoomVideo';

export async function run(token) {
  // TODO(twilio2zoom): one call became createClient/init/join; the join topic must equal the token's tpc and userName is required; media starts after join (docs/mapping.md#js-connect)
  const room = Video.createClient();
  await room.init('en-US', 'Global', { patchJsMedia: true });
  await room.join(sessionName(token, 'demo'), token, userName(token));
  await room.getMediaStream().startAudio();
  await room.getMediaStream().startVideo();
  room.on('user-added', eachUser((p) => {
    // TODO(twilio2zoom): rebuilt from the user's bVideoOn/audio/muted; Zoom has no per-track objects (docs/mapping.md#js-publications)
    tracksOf(p).forEach((pub) => console.log(pub.trackName));
  }));
}
