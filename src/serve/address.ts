import * as net from 'node:net';

import { UsageError } from '../errors';

/** A host:port the user gave that cannot be used: a usage error (exit 2). */
export class AddressError extends UsageError {}

export interface HostPort {
  host: string;
  port: number;
}

/**
 * Parses "host:port" or "[v6]:port". The host must be an IP literal or "localhost": a name that
 * resolves elsewhere must never widen where ipcbench listens or connects without the user seeing it.
 */
export function parseHostPort(text: string, what: string, allowPortZero: boolean): HostPort {
  const match = /^\[([^\]]+)\]:(\d+)$/.exec(text) ?? /^([^:[\]]+):(\d+)$/.exec(text);
  if (!match) throw new AddressError(`${what}: expected host:port (e.g. 127.0.0.1:5201 or [::1]:5201), got "${text}"`);
  const host = match[1] === 'localhost' ? '127.0.0.1' : match[1];
  const port = Number(match[2]);
  if (!net.isIP(host)) throw new AddressError(`${what}: "${match[1]}" is not an IP address (use a literal address, or localhost)`);
  if (!Number.isInteger(port) || port > 65535 || (port === 0 && !allowPortZero)) {
    throw new AddressError(`${what}: port ${match[2]} is out of range (${allowPortZero ? 0 : 1}–65535)`);
  }
  return { host, port };
}

export function isLoopback(host: string): boolean {
  return host === '::1' || /^127\./.test(host) || host === '::ffff:127.0.0.1';
}

export function formatHostPort({ host, port }: HostPort): string {
  return net.isIPv6(host) ? `[${host}]:${port}` : `${host}:${port}`;
}
