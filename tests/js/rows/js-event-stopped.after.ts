import { localVideoTrack, onLocalTrack } from './zoomVideo';
import type { ZoomClient } from './zoomVideo';

export async function run(token: string): Promise<ZoomClient | void> {
  // TODO(twilio2zoom): a preview track (ZoomVideo.createLocalVideoTrack); never published (docs/mapping.md#js-create-local-video-track)
  const cam = await localVideoTrack();
  // TODO(twilio2zoom): video-capturing-change / current-audio-change (passively-stop-share for a screen) (docs/mapping.md#js-event-stopped)
  onLocalTrack(cam, 'stopped', () => console.log('stopped'));
}
