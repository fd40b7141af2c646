import twilio from './zoomVideoServer';

const { env } = process;
const client = twilio(env.SID, env.TOKEN);

// TODO(twilio2zoom): Video SDK session JWT (app_key, tpc, role_type, version, iat, exp, user_key) signed with ZOOM_SDK_SECRET (docs/mapping.md#token-access-token)
const AccessToken = twilio.jwt.AccessToken;
// TODO(twilio2zoom): tpc claim (session name); required (docs/mapping.md#token-video-grant)
const VideoGrant = AccessToken.VideoGrant;

function token(identity: string, room: string) {
  // TODO(twilio2zoom): Video SDK session JWT (app_key, tpc, role_type, version, iat, exp, user_key) signed with ZOOM_SDK_SECRET (docs/mapping.md#token-access-token)
  const t = new AccessToken(env.SID, env.KEY, env.SECRET, { identity });
  // TODO(twilio2zoom): tpc claim (session name); required (docs/mapping.md#token-video-grant)
  t.addGrant(new VideoGrant({ room }));
  return t.toJwt();
}
