import Video from '@zoom/videosdk';

export async function run(token) {
  // TODO(twilio2zoom): checkSystemRequirements() reports audio, video and screen separately (docs/mapping.md#js-is-supported)
  if (!Video.checkSystemRequirements().video) {
    throw new Error('no video here');
  }
}
