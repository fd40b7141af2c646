import Video from './zoomVideo';

export async function run(token) {
  // TODO(twilio2zoom): Before join (preview): ZoomVideo.createLocalVideoTrack(deviceId?).start(el); in the session: stream.startVideo(options) (docs/mapping.md#js-create-local-video-track)
  const cam = await Video.createLocalVideoTrack();
  // TODO(twilio2zoom): stream.stopVideo() / stream.stopAudio() (docs/mapping.md#js-track-stop)
  cam.stop();
}
