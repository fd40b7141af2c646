import Video from './zoomVideo';

export async function run(token) {
  return Video;
}
