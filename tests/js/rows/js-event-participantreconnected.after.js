import Video from './zoomVideo';

export async function run(token) {
  // TODO(twilio2zoom): await client.join(sessionName, token, userName, passcode?); client.getMediaStream() (docs/mapping.md#js-connect)
  const room = await Video.connect(token, { name: 'demo' });
  // TODO(twilio2zoom): user-updated (isInFailover cleared) (docs/mapping.md#js-event-participantreconnected)
  room.on('participantReconnected', (...args) => console.log(args));
}
