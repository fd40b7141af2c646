import Video from './zoomVideo';
import type { Room } from './zoomVideo';

export async function run(token: string): Promise<Room | void> {
  // TODO(twilio2zoom): ZoomVideo.checkSystemRequirements() (audio, video, screen) / checkFeatureRequirements() (docs/mapping.md#js-is-supported)
  if (!Video.isSupported) {
    throw new Error('no video here');
  }
}
