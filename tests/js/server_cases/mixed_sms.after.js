const twilio = require('twilio');
const zoomVideoServer = require('./zoomVideoServer');
const { AccessToken } = twilio.jwt;
const { VideoGrant, ChatGrant } = AccessToken;

const api = twilio(process.env.SID, process.env.TOKEN);

async function openClinic(name, phone) {
  // TODO(twilio2zoom): Optional POST /videosdk/sessions {session_name, settings.auto_recording}; the first join creates the session (docs/mapping.md#video-rooms-create)
  const room = await zoomVideoServer.video.v1.rooms.create({ uniqueName: name });
  await api.messages.create({ to: phone, body: `Room ${room.sid} is open` });
  return room;
}

function videoToken(person, clinic) {
  // TODO(twilio2zoom): Video SDK session JWT (app_key, tpc, role_type, version, iat, exp, user_key) signed with ZOOM_SDK_SECRET (docs/mapping.md#token-access-token)
  // TODO(twilio2zoom): tpc claim (session name); required (docs/mapping.md#token-video-grant)
  const t = zoomVideoServer.sessionToken({ topic: clinic, userIdentity: person, ttl: 1200 });
  return t;
}

function chatToken(person) {
  const t = new AccessToken(process.env.SID, process.env.KEY, process.env.SECRET);
  t.addGrant(new ChatGrant({ serviceSid: process.env.CHAT }));
  t.identity = person;
  return t.toJwt();
}

module.exports = { openClinic, videoToken, chatToken };
