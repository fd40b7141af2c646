import { joinSession } from './zoomVideo';
import type { ZoomClient } from './zoomVideo';

export async function run(token: string): Promise<ZoomClient | void> {
  // TODO(twilio2zoom): createClient/init/join: the topic must be the token's tpc; media starts after join (docs/mapping.md#js-connect)
  // TODO(twilio2zoom): No equivalent; cap render quality with VideoQuality; ignored `maxVideoBitrate: 300000` (docs/mapping.md#js-connect-option-maxvideobitrate)
  return joinSession(token, { maxVideoBitrate: 300000 });
}
