const twilio = require('twilio');
const { AccessToken } = twilio.jwt;
const { VideoGrant, ChatGrant } = AccessToken;

const api = twilio(process.env.SID, process.env.TOKEN);

async function openClinic(name, phone) {
  const room = await api.video.v1.rooms.create({ uniqueName: name });
  await api.messages.create({ to: phone, body: `Room ${room.sid} is open` });
  return room;
}

function videoToken(person, clinic) {
  const t = new AccessToken(process.env.SID, process.env.KEY, process.env.SECRET, {
    identity: person,
    ttl: 1200,
  });
  const grant = new VideoGrant({ room: clinic });
  t.addGrant(grant);
  return t.toJwt();
}

function chatToken(person) {
  const t = new AccessToken(process.env.SID, process.env.KEY, process.env.SECRET);
  t.addGrant(new ChatGrant({ serviceSid: process.env.CHAT }));
  t.identity = person;
  return t.toJwt();
}

module.exports = { openClinic, videoToken, chatToken };
