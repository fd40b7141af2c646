import Video from './zoomVideo';
import type { Room } from './zoomVideo';

export async function run(token: string): Promise<Room | void> {
  // TODO(twilio2zoom): await client.join(sessionName, token, userName, passcode?); client.getMediaStream() (docs/mapping.md#js-connect)
  // TODO(twilio2zoom): [unsupported] No equivalent; cap render quality with VideoQuality (docs/mapping.md#js-connect-option-maxvideobitrate)
  return Video.connect(token, { maxVideoBitrate: 300000 });
}
