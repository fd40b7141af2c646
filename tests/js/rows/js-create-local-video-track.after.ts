import Video from './zoomVideo';
import type { Room } from './zoomVideo';

export async function run(token: string): Promise<Room | void> {
  // TODO(twilio2zoom): Before join (preview): ZoomVideo.createLocalVideoTrack(deviceId?).start(el); in the session: stream.startVideo(options) (docs/mapping.md#js-create-local-video-track)
  const cam = await Video.createLocalVideoTrack();
  // TODO(twilio2zoom): await stream.attachVideo(userId, VideoQuality.Video_720P) appended inside a <video-player-container> (@zoom/videosdk 2.x) (docs/mapping.md#js-attach)
  document.body.appendChild(cam.attach());
}
