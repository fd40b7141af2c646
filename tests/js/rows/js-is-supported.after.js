import Video from './zoomVideo';

export async function run(token) {
  // TODO(twilio2zoom): ZoomVideo.checkSystemRequirements() (audio, video, screen) / checkFeatureRequirements() (docs/mapping.md#js-is-supported)
  if (!Video.isSupported) {
    throw new Error('no video here');
  }
}
