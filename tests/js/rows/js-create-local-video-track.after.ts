import { attachTrack, localVideoTrack } from './zoomVideo';
import type { ZoomClient } from './zoomVideo';

export async function run(token: string): Promise<ZoomClient | void> {
  // TODO(twilio2zoom): a preview track (ZoomVideo.createLocalVideoTrack); never published (docs/mapping.md#js-create-local-video-track)
  const cam = await localVideoTrack();
  // TODO(twilio2zoom): attachVideo(userId, quality): by user, async, in a <video-player-container> (docs/mapping.md#js-attach)
  document.body.appendChild(attachTrack(cam));
}
