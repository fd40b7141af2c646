import Video from './zoomVideo';
import type { Room } from './zoomVideo';

export async function run(token: string): Promise<Room | void> {
  // TODO(twilio2zoom): await client.join(sessionName, token, userName, passcode?); client.getMediaStream() (docs/mapping.md#js-connect)
  const room = await Video.connect(token, { name: 'demo' });
  // TODO(twilio2zoom): User fields: bVideoOn, audio, muted, sharerOn; peer-video-state-change for changes (docs/mapping.md#js-publications)
  room.localParticipant.videoTracks.forEach((pub) => {
    // TODO(twilio2zoom): await stream.attachVideo(userId, VideoQuality.Video_720P) appended inside a <video-player-container> (@zoom/videosdk 2.x) (docs/mapping.md#js-attach)
    document.body.appendChild(pub.track.attach());
  });
}
