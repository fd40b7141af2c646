const twilio = require('./zoomVideoServer');

const { env } = process;
const client = twilio(env.SID, env.TOKEN);

// TODO(twilio2zoom): Optional POST /videosdk/sessions {session_name, settings.auto_recording}; the first join creates the session (docs/mapping.md#video-rooms-create)
client.video.v1.rooms.create({ uniqueName: 'clinic' });
