import twilio from './zoomVideoServer';
import { sessionToken } from './zoomVideoServer';

const { env } = process;
const client = twilio(env.SID, env.TOKEN);

function token(identity: string, room: string) {
  // TODO(twilio2zoom): Video SDK session JWT (app_key, tpc, role_type, version, iat, exp, user_key) signed with ZOOM_SDK_SECRET (docs/mapping.md#token-access-token)
  // TODO(twilio2zoom): tpc claim (session name); required (docs/mapping.md#token-video-grant)
  const t = sessionToken({ topic: room, userIdentity: identity });
  return t;
}
