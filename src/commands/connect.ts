import { remoteTcp } from '../serve/remote';
import { parseHostPort } from '../serve/address';
import { ConfigError } from '../config';
import type { Transport } from '../types';

/** `run --connect host:port --token T --transport tcp`: the transports to run against a remote serve. */
export function remoteTransports(options: { connect?: string; token?: string; transport: string[] }): Transport[] {
  if (options.transport.length !== 1 || options.transport[0] !== 'tcp') {
    throw new ConfigError(`--connect runs over tcp only; pass --transport tcp (got ${options.transport.join(', ')})`);
  }
  return [remoteTcp(parseHostPort(options.connect!, '--connect', false), options.token ?? null)];
}
