import Video from './zoomVideo';

export async function run(token) {
  // TODO(twilio2zoom): await client.join(sessionName, token, userName, passcode?); client.getMediaStream() (docs/mapping.md#js-connect)
  const room = await Video.connect(token, { name: 'demo' });
  // TODO(twilio2zoom): network-quality-change {userId, type, level 0-5} (docs/mapping.md#js-event-networkqualitylevelchanged)
  room.on('networkQualityLevelChanged', (...args) => console.log(args));
}
