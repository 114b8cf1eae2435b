import { describe, expect, it } from 'vitest';
import { jobIdOf, redisConnectionOf } from './queue-connection.js';

describe('redisConnectionOf', () => {
  it('reads host, port, database, credentials and TLS from a redis URL', () => {
    expect(redisConnectionOf('redis://10.0.0.5:6380')).toEqual({ host: '10.0.0.5', port: 6380, maxRetriesPerRequest: null });
    expect(redisConnectionOf('redis://queue.lab')).toMatchObject({ host: 'queue.lab', port: 6379 });
    expect(redisConnectionOf('rediss://me:p%40ss@[::1]:7000/2')).toEqual({ host: '::1', port: 7000, db: 2, username: 'me', password: 'p@ss', tls: {}, maxRetriesPerRequest: null });
  });

  it('names what is wrong with a bad URL and the form to write', () => {
    expect(() => redisConnectionOf('127.0.0.1:6379')).toThrow(/--queue: (is not a URL|scheme '127.0.0.1' is not redis)[\s\S]*redis:\/\/host:port/);
    expect(() => redisConnectionOf('http://host:6379')).toThrow(/scheme 'http' is not redis or rediss/);
    expect(() => redisConnectionOf('redis://host:6379/zero')).toThrow(/database 'zero' is not a number/);
  });

  it('gives job ids BullMQ accepts (never an integer, never a colon)', () => {
    expect(jobIdOf('0123456789012345')).toBe('run-0123456789012345');
  });
});
