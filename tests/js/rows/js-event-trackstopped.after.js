import Video from './zoomVideo';

export async function run(token) {
  // TODO(twilio2zoom): await client.join(sessionName, token, userName, passcode?); client.getMediaStream() (docs/mapping.md#js-connect)
  const room = await Video.connect(token, { name: 'demo' });
  // TODO(twilio2zoom): Resolved promise of stopVideo() (docs/mapping.md#js-event-trackstopped)
  room.on('trackStopped', (...args) => console.log(args));
}
