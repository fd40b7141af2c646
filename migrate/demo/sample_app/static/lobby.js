// A page with no bundler: twilio-video comes from Twilio's CDN as the Twilio.Video global.
var lobby = null;

async function enterLobby(token) {
  const room = await Twilio.Video.connect(token, { name: 'lobby' });
  lobby = room;
  room.on('participantConnected', (guest) => {
    document.getElementById('lobby').append(guest.identity);
  });
}

function leaveLobby() {
  lobby.disconnect();
}
