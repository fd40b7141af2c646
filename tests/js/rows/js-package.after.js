import Video from '@zoom/videosdk';

export async function run(token) {
  return Video;
}
