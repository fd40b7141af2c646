import Video from './zoomVideo';
import type { Room } from './zoomVideo';

export async function run(token: string): Promise<Room | void> {
  // TODO(twilio2zoom): client.getCommandClient().send(text, userId?) (at most 512 characters a message); event command-channel-message (docs/mapping.md#js-local-data-track)
  const notes = new Video.LocalDataTrack();
  // TODO(twilio2zoom): await client.join(sessionName, token, userName, passcode?); client.getMediaStream() (docs/mapping.md#js-connect)
  // TODO(twilio2zoom): stream.startAudio() / startVideo() after join (docs/mapping.md#js-connect-option-tracks)
  await Video.connect(token, { tracks: [notes] });
  // TODO(twilio2zoom): client.getCommandClient().send(text, userId?): strings of at most 512 characters (docs/mapping.md#js-data-track-send)
  notes.send('hello everyone');
}
