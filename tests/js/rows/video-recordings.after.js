const twilio = require('./zoomVideoServer');

const { env } = process;
const client = twilio(env.SID, env.TOKEN);

// TODO(twilio2zoom): GET /videosdk/recordings?from&to, GET/DELETE /videosdk/sessions/{id}/recordings (docs/mapping.md#video-recordings)
client.video.v1.rooms('RM1').recordings.list();
