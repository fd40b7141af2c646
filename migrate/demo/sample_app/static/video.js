// Join a room with a token from /token and show everyone's video.
import { connect, createLocalTracks } from 'twilio-video';

export async function joinRoom(identity, roomName) {
  const params = new URLSearchParams({ identity, room: roomName });
  const { token } = await (await fetch(`/token?${params}`)).json();
  const tracks = await createLocalTracks({ audio: true, video: { width: 640 } });
  const room = await connect(token, { name: roomName, tracks, dominantSpeaker: true });
  room.participants.forEach(showParticipant);
  room.on('participantConnected', showParticipant);
  room.on('participantDisconnected', (participant) => {
    document.getElementById(participant.sid)?.remove();
  });
  window.addEventListener('beforeunload', () => room.disconnect());
  return room;
}

function showParticipant(participant) {
  const tile = document.createElement('div');
  tile.id = participant.sid;
  document.getElementById('participants').appendChild(tile);
  participant.on('trackSubscribed', (track) => tile.appendChild(track.attach()));
  participant.on('trackUnsubscribed', (track) => track.detach().forEach((el) => el.remove()));
}
