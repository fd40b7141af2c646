import Video from './zoomVideo';

export async function run(token) {
  // TODO(twilio2zoom): await client.join(sessionName, token, userName, passcode?); client.getMediaStream() (docs/mapping.md#js-connect)
  const room = await Video.connect(token, { name: 'demo' });
  // TODO(twilio2zoom): [unsupported] No equivalent (docs/mapping.md#js-event-trackwarning)
  room.on('trackWarning', (...args) => console.log(args));
}
