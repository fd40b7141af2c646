import Video from './zoomVideo';
import type { Room } from './zoomVideo';

export async function run(token: string): Promise<Room | void> {
  // TODO(twilio2zoom): await client.join(sessionName, token, userName, passcode?); client.getMediaStream() (docs/mapping.md#js-connect)
  // TODO(twilio2zoom): [unsupported] No equivalent; render only the users you want (docs/mapping.md#js-connect-option-automaticsubscription)
  return Video.connect(token, { automaticSubscription: false });
}
