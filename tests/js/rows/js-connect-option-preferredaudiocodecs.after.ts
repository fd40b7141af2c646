import { joinSession } from './zoomVideo';
import type { ZoomClient } from './zoomVideo';

export async function run(token: string): Promise<ZoomClient | void> {
  // TODO(twilio2zoom): createClient/init/join: the topic must be the token's tpc; media starts after join (docs/mapping.md#js-connect)
  // TODO(twilio2zoom): No equivalent; Zoom chooses codecs; ignored `preferredAudioCodecs: ['opus']` (docs/mapping.md#js-connect-option-preferredaudiocodecs)
  return joinSession(token, { preferredAudioCodecs: ['opus'] });
}
