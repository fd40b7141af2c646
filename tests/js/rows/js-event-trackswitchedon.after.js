import Video from './zoomVideo';

export async function run(token) {
  // TODO(twilio2zoom): await client.join(sessionName, token, userName, passcode?); client.getMediaStream() (docs/mapping.md#js-connect)
  const room = await Video.connect(token, { name: 'demo' });
  // TODO(twilio2zoom): [unsupported] No equivalent (Zoom manages bandwidth) (docs/mapping.md#js-event-trackswitchedon)
  room.on('trackSwitchedOn', (...args) => console.log(args));
}
