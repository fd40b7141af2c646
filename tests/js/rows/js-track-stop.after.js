import { localVideoTrack, stopTrack } from './zoomVideo';

export async function run(token) {
  // TODO(twilio2zoom): a preview track (ZoomVideo.createLocalVideoTrack); never published (docs/mapping.md#js-create-local-video-track)
  const cam = await localVideoTrack();
  // TODO(twilio2zoom): stopVideo/stopAudio, or the preview stops (docs/mapping.md#js-track-stop)
  stopTrack(cam);
}
