import Video from './zoomVideo';
import type { Room } from './zoomVideo';

export async function run(token: string): Promise<Room | void> {
  // TODO(twilio2zoom): [unsupported] No logger object; init option isLogDetailed (2.2.0+) (docs/mapping.md#js-logger)
  Video.Logger.getLogger('twilio-video').setLevel('debug');
}
