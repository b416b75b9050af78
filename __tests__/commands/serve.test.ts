import { serve } from '../../src/commands/serve';
import { remoteTransports } from '../../src/commands/connect';
import { ConfigError } from '../../src/config';

const base = { listen: '127.0.0.1:0', auth: true, idleTimeoutMs: 1000 };

describe('ipcbench serve: usage errors (exit 2) before anything listens', () => {
  it.each([
    [{ listen: 'example.com:5201' }, '--listen: "example.com" is not an IP address'],
    [{ token: 'T', auth: false }, '--token and --no-auth contradict each other'],
    [{ token: 'has space' }, '--token must be 1 to 128 printable characters without spaces'],
  ])('%j', async (options, message) => {
    const failure = serve({ ...base, ...options });
    await expect(failure).rejects.toBeInstanceOf(ConfigError);
    await expect(failure).rejects.toThrow(message);
  });
});

describe('ipcbench run --connect', () => {
  it('runs over tcp only', () => {
    expect(() => remoteTransports({ connect: '127.0.0.1:5201', transport: ['ipc', 'tcp'] })).toThrow('--connect runs over tcp only; pass --transport tcp (got ipc, tcp)');
  });

  it('needs a literal address and a real port', () => {
    expect(() => remoteTransports({ connect: 'host:1', transport: ['tcp'] })).toThrow(ConfigError);
    expect(() => remoteTransports({ connect: '127.0.0.1:0', transport: ['tcp'] })).toThrow('port 0 is out of range');
  });

  it('names the remote server in the transport description', () => {
    const [transport] = remoteTransports({ connect: '10.0.0.2:5201', token: 'T', transport: ['tcp'] });
    expect(transport.name).toBe('tcp');
    expect(transport.description).toContain('ipcbench serve at 10.0.0.2:5201');
  });
});
