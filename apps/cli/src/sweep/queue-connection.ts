import { DerandError, InputError } from '@derand/registry';

/** Connection settings of BullMQ's Redis client, read from a `redis://` URL. */
export interface RedisConnection {
  readonly host: string;
  readonly port: number;
  readonly db?: number;
  readonly username?: string;
  readonly password?: string;
  readonly tls?: Record<string, never>;
  /** BullMQ's workers block on Redis and must retry forever rather than fail a command. */
  readonly maxRetriesPerRequest: null;
}

/** Key prefix of every BullMQ key derand writes. */
export const QUEUE_PREFIX = 'derand';
/** The one queue every sweep's runs go to, so a worker needs only the Redis address. */
export const QUEUE_NAME = 'sweep';
/** The Redis key of a sweep's manifest (its runs and settings), read by `derand sweep status`. */
export const manifestKey = (sweepId: string): string => `${QUEUE_PREFIX}:manifests:${sweepId}`;
/** The job id of a run: BullMQ refuses ids that are integers, which a hex run id could be. */
export const jobIdOf = (runId: string): string => `run-${runId}`;

/**
 * Reads `redis://[user:password@]host[:port][/db]` (or `rediss://` for TLS).
 *
 * @throws InputError (BAD_QUEUE_URL) naming the value and the expected form.
 * @example redisConnectionOf('redis://10.0.0.5:6379'); // { host: '10.0.0.5', port: 6379, maxRetriesPerRequest: null }
 */
export function redisConnectionOf(url: string): RedisConnection {
  const fail = (message: string): never => {
    throw new InputError('BAD_QUEUE_URL', 'Invalid --queue:', [{ where: '--queue', message, value: url }], 'Write redis://host:port, e.g. --queue redis://127.0.0.1:6379.');
  };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return fail('is not a URL');
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') fail(`scheme '${parsed.protocol.replace(/:$/, '')}' is not redis or rediss`);
  if (parsed.hostname === '') fail('names no host');
  const port = parsed.port === '' ? 6379 : Number(parsed.port);
  const path = parsed.pathname.replace(/^\//, '');
  if (path !== '' && !/^\d+$/.test(path)) fail(`database '${path}' is not a number`);
  return {
    host: parsed.hostname.replace(/^\[|\]$/g, ''),
    port,
    ...(path === '' ? {} : { db: Number(path) }),
    ...(parsed.username === '' ? {} : { username: decodeURIComponent(parsed.username) }),
    ...(parsed.password === '' ? {} : { password: decodeURIComponent(parsed.password) }),
    ...(parsed.protocol === 'rediss:' ? { tls: {} } : {}),
    maxRetriesPerRequest: null,
  };
}

/**
 * Checks that Redis answers at `url` before a sweep or a worker relies on it (BullMQ itself
 * would retry forever, silently for the user).
 *
 * @throws DerandError (QUEUE_UNREACHABLE) naming the address, the reason and what to do.
 */
export async function checkRedis(url: string): Promise<void> {
  const connection = redisConnectionOf(url);
  const { Redis } = await import('ioredis');
  const client = new Redis({ ...connection, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 10_000 });
  // the socket's error (ECONNREFUSED, ENOTFOUND) says more than the rejected connect ("Connection is closed")
  let cause: string | undefined;
  client.on('error', (error: Error) => (cause ??= error.message));
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    const reason = (cause ?? (error as Error).message).replace(/\.$/, '');
    throw new DerandError('QUEUE_UNREACHABLE', `Cannot reach Redis at ${url} (${reason}). Start redis-server there (see docs/sweeps.md) or correct --queue.`);
  } finally {
    client.disconnect();
  }
}
