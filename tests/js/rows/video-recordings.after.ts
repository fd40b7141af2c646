import twilio from './zoomVideoServer';

const client = twilio(process.env.SID, process.env.TOKEN);

// TODO(twilio2zoom): GET /videosdk/recordings?from&to, GET/DELETE /videosdk/sessions/{id}/recordings (docs/mapping.md#video-recordings)
client.video.v1.rooms('RM1').recordings.list();
