import { localVideoTrack } from './zoomVideo';
import type { ZoomClient } from './zoomVideo';

export async function run(token: string): Promise<ZoomClient | void> {
  // TODO(twilio2zoom): a preview track (ZoomVideo.createLocalVideoTrack); never published (docs/mapping.md#js-create-local-video-track)
  const cam = await localVideoTrack();
  // TODO(twilio2zoom): video-capturing-change {state: 'Started'}; audio: current-audio-change {action: 'join'} (docs/mapping.md#js-event-started)
  cam.on('started', () => console.log('started'));
}
