import Video from './zoomVideo';
import type { Room } from './zoomVideo';

export async function run(token: string): Promise<Room | void> {
  // TODO(twilio2zoom): await client.join(sessionName, token, userName, passcode?); client.getMediaStream() (docs/mapping.md#js-connect)
  const room = await Video.connect(token, { name: 'demo' });
  // TODO(twilio2zoom): peer-video-state-change {action: 'Stop'} (docs/mapping.md#js-event-trackunsubscribed)
  room.on('trackUnsubscribed', (track) => {
    // TODO(twilio2zoom): stream.detachVideo(userId, element?) then .remove() on each returned player (docs/mapping.md#js-detach)
    track.detach().forEach((el) => el.remove());
  });
}
