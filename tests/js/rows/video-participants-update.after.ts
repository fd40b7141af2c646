import twilio from './zoomVideoServer';

const client = twilio(process.env.SID, process.env.TOKEN);

// TODO(twilio2zoom): PATCH /videosdk/sessions/{sessionId}/events {"method": "user.remove", "params": {"participant_uuid": ...}} (docs/mapping.md#video-participants-update)
client.video.v1.rooms('RM1').participants('PA1').update({ status: 'disconnected' });
