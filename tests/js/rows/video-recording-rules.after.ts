import twilio from './zoomVideoServer';

const { env } = process;
const client = twilio(env.SID, env.TOKEN);

// TODO(twilio2zoom): PATCH /videosdk/sessions/{id}/events recording.start/stop/pause/resume; per-user video via JWT cloud_recording_option / cloud_recording_election (docs/mapping.md#video-recording-rules)
client.video.v1.rooms('RM1').recordingRules.update({ rules: [{ type: 'include' }] });
