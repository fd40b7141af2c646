import Video from '@zoom/videosdk';
import { joinSession } from './zoomVideo';
import type { ZoomClient } from './zoomVideo';

export async function run(token: string): Promise<ZoomClient | void> {
  // TODO(twilio2zoom): one call became createClient/init/join; the join topic must equal the token's tpc and userName is required; media starts after join (docs/mapping.md#js-connect)
  // TODO(twilio2zoom): No equivalent; Zoom manages bandwidth; ignored `bandwidthProfile: { video: { mode: 'grid' } }` (docs/mapping.md#js-connect-option-bandwidthprofile)
  return joinSession(token, { bandwidthProfile: { video: { mode: 'grid' } } });
}
