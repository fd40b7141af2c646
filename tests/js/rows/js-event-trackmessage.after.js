import Video from '@zoom/videosdk';
import { commandText, sessionName, userName } from './zoomVideo';

export async function run(token) {
  // TODO(twilio2zoom): one call became createClient/init/join; the join topic must equal the token's tpc and userName is required; media starts after join (docs/mapping.md#js-connect)
  const room = Video.createClient();
  await room.init('en-US', 'Global', { patchJsMedia: true });
  await room.join(sessionName(token, 'demo'), token, userName(token));
  await room.getMediaStream().startAudio();
  await room.getMediaStream().startVideo();
  // TODO(twilio2zoom): command-channel-message: text only, at most 512 characters (docs/mapping.md#js-event-trackmessage)
  room.on('command-channel-message', commandText((...args) => console.log(args)));
}
