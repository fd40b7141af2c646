import Video from './zoomVideo';
import type { Room } from './zoomVideo';

export async function run(token: string): Promise<Room | void> {
  // TODO(twilio2zoom): await client.join(sessionName, token, userName, passcode?); client.getMediaStream() (docs/mapping.md#js-connect)
  const room = await Video.connect(token, { name: 'demo' });
  // TODO(twilio2zoom): [unsupported] No equivalent (docs/mapping.md#js-event-tracksubscriptionfailed)
  room.on('trackSubscriptionFailed', (...args: unknown[]) => console.log(args));
}
