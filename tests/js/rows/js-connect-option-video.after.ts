import Video from '@zoom/videosdk';
import { joinSession } from './zoomVideo';
import type { ZoomClient } from './zoomVideo';

export async function run(token: string): Promise<ZoomClient | void> {
  // TODO(twilio2zoom): one call became createClient/init/join; the join topic must equal the token's tpc and userName is required; media starts after join (docs/mapping.md#js-connect)
  // TODO(twilio2zoom): stream.startVideo() after join; constraints go to startVideo (docs/mapping.md#js-connect-option-video)
  return joinSession(token, { video: { width: 640 } });
}
