import type { Channel } from '../runtime-types';

/** Sends one value and resolves with the next value received (or the channel's failure). */
export function exchange(channel: Channel, value: number, timeoutMs = 5000): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no reply to ${value} within ${timeoutMs} ms`)), timeoutMs);
    channel.onFailure((error) => {
      clearTimeout(timer);
      reject(error);
    });
    channel.onMessage((reply) => {
      clearTimeout(timer);
      resolve(reply);
    });
    channel.send(value);
  });
}
