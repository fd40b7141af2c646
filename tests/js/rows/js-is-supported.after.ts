import Video from '@zoom/videosdk';
import type { ZoomClient } from './zoomVideo';

export async function run(token: string): Promise<ZoomClient | void> {
  // TODO(twilio2zoom): checkSystemRequirements() reports audio, video and screen separately (docs/mapping.md#js-is-supported)
  if (!Video.checkSystemRequirements().video) {
    throw new Error('no video here');
  }
}
