import { localVideoTrack, onLocalTrack } from './zoomVideo';

export async function run(token) {
  // TODO(twilio2zoom): a preview track (ZoomVideo.createLocalVideoTrack); never published (docs/mapping.md#js-create-local-video-track)
  const cam = await localVideoTrack();
  // TODO(twilio2zoom): video-capturing-change / current-audio-change (passively-stop-share for a screen) (docs/mapping.md#js-event-started)
  onLocalTrack(cam, 'started', () => console.log('started'));
}
