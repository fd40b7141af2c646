import { localVideoTrack, restartTrack } from './zoomVideo';
import type { ZoomClient } from './zoomVideo';

export async function run(token: string): Promise<ZoomClient | void> {
  // TODO(twilio2zoom): a preview track (ZoomVideo.createLocalVideoTrack); never published (docs/mapping.md#js-create-local-video-track)
  const cam = await localVideoTrack();
  await restartTrack(cam, { deviceId: 'back-camera' });
}
