import Video from './zoomVideo';

export async function run(token) {
  // TODO(twilio2zoom): await client.join(sessionName, token, userName, passcode?); client.getMediaStream() (docs/mapping.md#js-connect)
  const room = await Video.connect(token, { name: 'demo' });
  room.on('dominantSpeakerChanged', (...args) => console.log(args));
}
