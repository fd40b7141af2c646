import Video from './zoomVideo';
import type { Room } from './zoomVideo';

export async function run(token: string): Promise<Room | void> {
  // TODO(twilio2zoom): await client.join(sessionName, token, userName, passcode?); client.getMediaStream() (docs/mapping.md#js-connect)
  const room = await Video.connect(token, { name: 'demo' });
  // TODO(twilio2zoom): Before join (preview): ZoomVideo.createLocalVideoTrack(deviceId?).start(el); in the session: stream.startVideo(options) (docs/mapping.md#js-create-local-video-track)
  const cam = await Video.createLocalVideoTrack();
  // TODO(twilio2zoom): stream.startVideo(options) for a video track, stream.startAudio(options) for an audio track (docs/mapping.md#js-publish-track)
  await room.localParticipant.publishTrack(cam);
}
