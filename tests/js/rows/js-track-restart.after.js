import { localVideoTrack, restartTrack } from './zoomVideo';

export async function run(token) {
  // TODO(twilio2zoom): a preview track (ZoomVideo.createLocalVideoTrack); never published (docs/mapping.md#js-create-local-video-track)
  const cam = await localVideoTrack();
  await restartTrack(cam, { deviceId: 'back-camera' });
}
