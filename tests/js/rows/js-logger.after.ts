import Video from '@zoom/videosdk';
import type { ZoomClient } from './zoomVideo';

export async function run(token: string): Promise<ZoomClient | void> {
  // TODO(twilio2zoom): [unsupported] No logger object; init option isLogDetailed (2.2.0+) (docs/mapping.md#js-logger)
  Video.Logger.getLogger('twilio-video').setLevel('debug');
}
