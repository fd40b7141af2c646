import Video from '@zoom/videosdk';
import { joinSession } from './zoomVideo';

export async function run(token) {
  // TODO(twilio2zoom): one call became createClient/init/join; the join topic must equal the token's tpc and userName is required; media starts after join (docs/mapping.md#js-connect)
  // TODO(twilio2zoom): no track objects at join: startAudio/startVideo after join (docs/mapping.md#js-connect-option-tracks)
  return joinSession(token, { tracks: [] });
}
