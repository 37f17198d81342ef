import { describe, expect, it, vi } from 'vitest';
import { ApiError, createApi, data, parseRetryAfter } from '../src/shared/api';
import { ANTIFORGERY, json, mockServer, noContent, problem } from './helpers';

const clinic = { path: { clinic: 'demo' } };
const HOURS = '/api/clinics/demo/settings/sms-quiet-hours';
const hours = { startsAt: '21:00', endsAt: '08:00' };

describe('the API client', () => {
  it('sends GET requests with the session cookie and without asking for an antiforgery token', async () => {
    const { calls } = mockServer({ 'GET /api/operator/clinics': () => json(200, []) });
    const result = await data(createApi().client.GET('/api/operator/clinics'));
    expect(result).toEqual([]);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.credentials).toBe('same-origin');
    expect(calls[0]!.headers['x-csrf-token']).toBeUndefined();
  });

  it('sends the antiforgery token on POST, PUT and DELETE', async () => {
    const { calls } = mockServer({
      'GET /api/antiforgery': () => json(200, ANTIFORGERY),
      'POST /api/staff/sign-out': () => noContent(),
      [`PUT ${HOURS}`]: () => json(200, { ...hours, timeZone: 'America/Toronto', isDefault: false }),
      'DELETE /api/clinics/demo/settings/stripe': () => noContent(),
    });
    const { client } = createApi();
    await data(client.POST('/api/staff/sign-out'));
    await data(client.PUT('/api/clinics/{clinic}/settings/sms-quiet-hours', { params: clinic, body: hours }));
    await data(client.DELETE('/api/clinics/{clinic}/settings/stripe', { params: clinic }));
    expect(calls.map((call) => `${call.method} ${call.url}`)).toEqual([
      'GET /api/antiforgery',
      'POST /api/staff/sign-out',
      `PUT ${HOURS}`,
      'DELETE /api/clinics/demo/settings/stripe',
    ]);
    for (const call of calls.slice(1)) {
      expect(call.headers['x-csrf-token']).toBe('token-1');
      expect(call.credentials).toBe('same-origin');
    }
  });

  it('sends JSON bodies as JSON and gives back the answer', async () => {
    const profile = { id: 'o-1', email: 'op@portal.test', displayName: 'Oscar', role: 'operator', clinic: null };
    const { calls } = mockServer({
      'GET /api/antiforgery': () => json(200, ANTIFORGERY),
      'POST /api/operator/sign-in': () => json(200, profile),
    });
    const result = await data(createApi().client.POST('/api/operator/sign-in', { body: { email: 'op@portal.test', password: 'pw' } }));
    expect(result).toEqual(profile);
    expect(calls[1]!.headers['content-type']).toBe('application/json');
    expect(calls[1]!.json).toEqual({ email: 'op@portal.test', password: 'pw' });
  });

  it('refetches the token once and retries once after antiforgery_failed', async () => {
    const { calls } = mockServer({
      'GET /api/antiforgery': [() => json(200, ANTIFORGERY), () => json(200, { token: 'token-2', headerName: 'X-CSRF-TOKEN' })],
      [`PUT ${HOURS}`]: [
        () => problem(400, 'antiforgery_failed', 'No valid antiforgery token.'),
        () => json(200, { ...hours, timeZone: 'America/Toronto', isDefault: false }),
      ],
    });
    const result = await data(createApi().client.PUT('/api/clinics/{clinic}/settings/sms-quiet-hours', { params: clinic, body: hours }));
    expect(result.isDefault).toBe(false);
    expect(calls.map((call) => `${call.method} ${call.url}`)).toEqual([
      'GET /api/antiforgery',
      `PUT ${HOURS}`,
      'GET /api/antiforgery',
      `PUT ${HOURS}`,
    ]);
    expect(calls[1]!.headers['x-csrf-token']).toBe('token-1');
    expect(calls[3]!.headers['x-csrf-token']).toBe('token-2');
    expect(calls[3]!.json).toEqual(hours);
  });

  it('retries only once when the new token is refused too, and keeps the token for later requests', async () => {
    const { calls } = mockServer({
      'GET /api/antiforgery': () => json(200, ANTIFORGERY),
      'POST /api/staff/sign-out': () => problem(400, 'antiforgery_failed', 'No valid antiforgery token.'),
    });
    const { client } = createApi();
    const error = await data(client.POST('/api/staff/sign-out')).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('antiforgery_failed');
    expect(calls.filter((call) => call.method === 'POST')).toHaveLength(2);
    expect(calls.filter((call) => call.url === '/api/antiforgery')).toHaveLength(2);
  });

  it('does not retry other 400 answers', async () => {
    const { calls } = mockServer({
      'GET /api/antiforgery': () => json(200, ANTIFORGERY),
      [`PUT ${HOURS}`]: () => problem(400, 'validation_failed', 'One or more fields are not valid.', { errors: { startsAt: ['Required.'] } }),
    });
    await expect(data(createApi().client.PUT('/api/clinics/{clinic}/settings/sms-quiet-hours', { params: clinic, body: hours }))).rejects.toBeInstanceOf(
      ApiError,
    );
    expect(calls.filter((call) => call.method === 'PUT')).toHaveLength(1);
  });

  it('fetches the token once for several unsafe requests, and again after resetAntiforgery', async () => {
    const { calls } = mockServer({
      'GET /api/antiforgery': () => json(200, ANTIFORGERY),
      'POST /api/staff/sign-out': () => noContent(),
    });
    const api = createApi();
    await data(api.client.POST('/api/staff/sign-out'));
    await data(api.client.POST('/api/staff/sign-out'));
    expect(calls.filter((call) => call.url === '/api/antiforgery')).toHaveLength(1);
    api.resetAntiforgery();
    await data(api.client.POST('/api/staff/sign-out'));
    expect(calls.filter((call) => call.url === '/api/antiforgery')).toHaveLength(2);
  });

  it('turns problem details into an ApiError with status, code, detail, field errors and field codes', async () => {
    mockServer({
      'GET /api/antiforgery': () => json(200, ANTIFORGERY),
      'POST /api/clinics/demo/patients': () =>
        new Response(
          JSON.stringify({
            status: 400,
            code: 'validation_failed',
            detail: 'One or more fields are not valid.',
            errors: { 'identifiers[0].number': ['The check digit does not match.'], dateOfBirth: 'The date of birth is in the future.' },
            fieldCodes: { 'identifiers[0].number': ['health_card_check_digit'], dateOfBirth: 'date_in_future', broken: 42, mixed: ['required', 7] },
          }),
          { status: 400, headers: { 'Content-Type': 'application/problem+json' } },
        ),
    });
    const error = (await data(
      createApi().client.POST('/api/clinics/{clinic}/patients', { params: clinic, body: {} as never }),
    ).catch((caught: unknown) => caught)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(400);
    expect(error.code).toBe('validation_failed');
    expect(error.detail).toBe('One or more fields are not valid.');
    expect(error.fields).toEqual({
      'identifiers[0].number': ['The check digit does not match.'],
      dateOfBirth: ['The date of birth is in the future.'],
    });
    expect(error.fieldCodes).toEqual({
      'identifiers[0].number': ['health_card_check_digit'],
      dateOfBirth: ['date_in_future'],
      mixed: ['required'],
    });
  });

  it('has no field codes when the server sent none', async () => {
    mockServer({ 'GET /api/operator/clinics': () => problem(404, 'not_found', 'Nothing here.') });
    const error = (await data(createApi().client.GET('/api/operator/clinics')).catch((caught: unknown) => caught)) as ApiError;
    expect(error.status).toBe(404);
    expect(error.fieldCodes).toEqual({});
  });

  it('reads Retry-After from 429 answers', async () => {
    mockServer({
      'GET /api/antiforgery': () => json(200, ANTIFORGERY),
      'POST /api/operator/sign-in': () => problem(429, 'sign_in_locked', 'Too many failed attempts.', { headers: { 'Retry-After': '300' } }),
    });
    const error = (await data(createApi().client.POST('/api/operator/sign-in', { body: { email: 'a@b.c', password: 'x' } })).catch(
      (caught: unknown) => caught,
    )) as ApiError;
    expect(error.status).toBe(429);
    expect(error.code).toBe('sign_in_locked');
    expect(error.retryAfterSeconds).toBe(300);
  });

  it('gives an ApiError without a code when the error body is not problem details', async () => {
    mockServer({
      'GET /api/operator/clinics': () => new Response('<html>Bad gateway</html>', { status: 502, headers: { 'Content-Type': 'text/html' } }),
    });
    const error = (await data(createApi().client.GET('/api/operator/clinics')).catch((caught: unknown) => caught)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(502);
    expect(error.code).toBeNull();
    expect(error.fields).toEqual({});
  });

  it('reports an unreachable server as a network error (status 0)', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))));
    const error = (await data(createApi().client.GET('/api/operator/clinics')).catch((caught: unknown) => caught)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(0);
    expect(error.isNetworkError).toBe(true);
  });

  it('reports a failed antiforgery fetch as a network error and tries again next time', async () => {
    let fail = true;
    vi.stubGlobal(
      'fetch',
      vi.fn(async (request: Request) =>
        fail ? Promise.reject(new TypeError('Failed to fetch')) : new URL(request.url).pathname === '/api/antiforgery' ? json(200, ANTIFORGERY) : new Response(null, { status: 204 }),
      ),
    );
    const api = createApi();
    const error = (await data(api.client.POST('/api/staff/sign-out')).catch((caught: unknown) => caught)) as ApiError;
    expect(error.isNetworkError).toBe(true);
    fail = false;
    await expect(data(api.client.POST('/api/staff/sign-out'))).resolves.toBeUndefined();
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('120')).toBe(120);
    expect(parseRetryAfter(null)).toBeNull();
    expect(parseRetryAfter('soon')).toBeNull();
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:01:30 GMT', now)).toBe(90);
  });
});
