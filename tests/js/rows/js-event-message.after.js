import Video from './zoomVideo';

export async function run(token) {
  // TODO(twilio2zoom): await client.join(sessionName, token, userName, passcode?); client.getMediaStream() (docs/mapping.md#js-connect)
  const room = await Video.connect(token, { name: 'demo' });
  // TODO(twilio2zoom): command-channel-message (RemoteDataTrack message) (docs/mapping.md#js-event-message)
  room.on('message', (...args) => console.log(args));
}
