import Video from './zoomVideo';
import type { Room } from './zoomVideo';

export async function run(token: string): Promise<Room | void> {
  // TODO(twilio2zoom): await client.join(sessionName, token, userName, passcode?); client.getMediaStream() (docs/mapping.md#js-connect)
  // TODO(twilio2zoom): stream.startAudio() / startVideo() after join (docs/mapping.md#js-connect-option-tracks)
  return Video.connect(token, { tracks: [] });
}
