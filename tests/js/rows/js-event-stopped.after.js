import { localVideoTrack } from './zoomVideo';

export async function run(token) {
  // TODO(twilio2zoom): a preview track (ZoomVideo.createLocalVideoTrack); never published (docs/mapping.md#js-create-local-video-track)
  const cam = await localVideoTrack();
  // TODO(twilio2zoom): video-capturing-change {state: 'Stopped'}; audio: current-audio-change {action: 'leave'} (docs/mapping.md#js-event-stopped)
  cam.on('stopped', () => console.log('stopped'));
}
