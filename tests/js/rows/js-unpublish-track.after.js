import Video from '@zoom/videosdk';
import { localVideoTrack, sessionName, unpublishTrack, userName } from './zoomVideo';

export async function run(token) {
  // TODO(twilio2zoom): createClient/init/join: the topic must be the token's tpc; media starts after join (docs/mapping.md#js-connect)
  const room = Video.createClient();
  await room.init('en-US', 'Global', { patchJsMedia: true });
  await room.join(sessionName(token, 'demo'), token, userName(token));
  await room.getMediaStream().startAudio();
  await room.getMediaStream().startVideo();
  // TODO(twilio2zoom): a preview track (ZoomVideo.createLocalVideoTrack); never published (docs/mapping.md#js-create-local-video-track)
  const cam = await localVideoTrack();
  // TODO(twilio2zoom): stopVideo/stopAudio/stopShareScreen (stopAudio leaves audio entirely) (docs/mapping.md#js-unpublish-track)
  unpublishTrack(cam);
}
