import Video from './zoomVideo';
import type { Room } from './zoomVideo';

export async function run(token: string): Promise<Room | void> {
  // TODO(twilio2zoom): await client.join(sessionName, token, userName, passcode?); client.getMediaStream() (docs/mapping.md#js-connect)
  const room = await Video.connect(token, { name: 'demo' });
  // TODO(twilio2zoom): client.getAllUser() after join (an Array of users keyed by numeric userId) (docs/mapping.md#js-participants)
  room.participants.forEach((p) => console.log(p.identity));
}
