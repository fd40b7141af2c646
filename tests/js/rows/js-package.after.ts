import Video from '@zoom/videosdk';
import type { ZoomClient } from './zoomVideo';

export async function run(token: string): Promise<ZoomClient | void> {
  return Video;
}
