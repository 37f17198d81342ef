import { describe, expect, it, vi } from 'vitest';
import { ApiClient, ApiError, parseRetryAfter } from '../src/shared/api';
import { ANTIFORGERY, json, mockServer, noContent, problem } from './helpers';

describe('ApiClient', () => {
  it('sends GET requests with the session cookie and without asking for an antiforgery token', async () => {
    const { calls } = mockServer({ 'GET /api/things': () => json(200, { ok: true }) });
    const result = await new ApiClient().get<{ ok: boolean }>('/api/things');
    expect(result).toEqual({ ok: true });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.credentials).toBe('same-origin');
    expect(calls[0]!.headers['x-csrf-token']).toBeUndefined();
  });

  it.each(['POST', 'PUT', 'PATCH', 'DELETE'])('sends the antiforgery token on %s', async (method) => {
    const { calls } = mockServer({
      'GET /api/antiforgery': () => json(200, ANTIFORGERY),
      [`${method} /api/things`]: () => noContent(),
    });
    await new ApiClient().request(method, '/api/things', { json: { a: 1 } });
    expect(calls.map((call) => `${call.method} ${call.url}`)).toEqual(['GET /api/antiforgery', `${method} /api/things`]);
    expect(calls[1]!.headers['x-csrf-token']).toBe('token-1');
    expect(calls[1]!.credentials).toBe('same-origin');
  });

  it('sends JSON bodies as JSON', async () => {
    const { calls } = mockServer({
      'GET /api/antiforgery': () => json(200, ANTIFORGERY),
      'POST /api/things': () => json(200, { id: 7 }),
    });
    const result = await new ApiClient().post<{ id: number }>('/api/things', { json: { name: 'x' } });
    expect(result).toEqual({ id: 7 });
    expect(calls[1]!.headers['content-type']).toBe('application/json');
    expect(calls[1]!.json).toEqual({ name: 'x' });
  });

  it('fetches the token once for several unsafe requests', async () => {
    const { calls } = mockServer({
      'GET /api/antiforgery': () => json(200, ANTIFORGERY),
      'PUT /api/a': () => noContent(),
      'DELETE /api/b': () => noContent(),
    });
    const client = new ApiClient();
    await client.put('/api/a', { json: {} });
    await client.delete('/api/b');
    expect(calls.filter((call) => call.url === '/api/antiforgery')).toHaveLength(1);
    expect(calls[2]!.headers['x-csrf-token']).toBe('token-1');
  });

  it('refetches the token once and retries once after antiforgery_failed', async () => {
    const { calls } = mockServer({
      'GET /api/antiforgery': [() => json(200, ANTIFORGERY), () => json(200, { token: 'token-2', headerName: 'X-CSRF-TOKEN' })],
      'PUT /api/settings': [() => problem(400, 'antiforgery_failed', 'No valid antiforgery token.'), () => json(200, { saved: true })],
    });
    const result = await new ApiClient().put<{ saved: boolean }>('/api/settings', { json: { v: 1 } });
    expect(result).toEqual({ saved: true });
    expect(calls.map((call) => `${call.method} ${call.url}`)).toEqual([
      'GET /api/antiforgery',
      'PUT /api/settings',
      'GET /api/antiforgery',
      'PUT /api/settings',
    ]);
    expect(calls[1]!.headers['x-csrf-token']).toBe('token-1');
    expect(calls[3]!.headers['x-csrf-token']).toBe('token-2');
    expect(calls[3]!.json).toEqual({ v: 1 });
  });

  it('retries only once when the new token is refused too', async () => {
    const { calls } = mockServer({
      'GET /api/antiforgery': () => json(200, ANTIFORGERY),
      'POST /api/things': () => problem(400, 'antiforgery_failed', 'No valid antiforgery token.'),
    });
    const error = await new ApiClient().post('/api/things', { json: {} }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('antiforgery_failed');
    expect(calls.filter((call) => call.method === 'POST')).toHaveLength(2);
    expect(calls.filter((call) => call.url === '/api/antiforgery')).toHaveLength(2);
  });

  it('does not retry other 400 answers', async () => {
    const { calls } = mockServer({
      'GET /api/antiforgery': () => json(200, ANTIFORGERY),
      'POST /api/things': () => problem(400, 'validation_failed', 'One or more fields are not valid.', { errors: { name: ['Required.'] } }),
    });
    await expect(new ApiClient().post('/api/things', { json: {} })).rejects.toBeInstanceOf(ApiError);
    expect(calls.filter((call) => call.method === 'POST')).toHaveLength(1);
  });

  it('turns problem details into an ApiError with status, code, detail and field errors', async () => {
    mockServer({
      'GET /api/antiforgery': () => json(200, ANTIFORGERY),
      'PUT /api/settings': () =>
        problem(400, 'validation_failed', 'One or more fields are not valid.', {
          errors: { passcodeTimeoutMinutes: ['Choose one of the offered timeout durations.'] },
        }),
    });
    const error = (await new ApiClient().put('/api/settings', { json: {} }).catch((caught: unknown) => caught)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(400);
    expect(error.code).toBe('validation_failed');
    expect(error.detail).toBe('One or more fields are not valid.');
    expect(error.fields).toEqual({ passcodeTimeoutMinutes: ['Choose one of the offered timeout durations.'] });
  });

  it('reads the field codes beside the field messages, and leaves out what is not a list of strings', async () => {
    mockServer({
      'GET /api/antiforgery': () => json(200, ANTIFORGERY),
      'POST /api/patients': () =>
        new Response(
          JSON.stringify({
            status: 400,
            code: 'validation_failed',
            errors: { 'identifiers[0].number': ['The check digit does not match.'], dateOfBirth: 'The date of birth is in the future.' },
            fieldCodes: { 'identifiers[0].number': ['health_card_check_digit'], dateOfBirth: 'date_in_future', broken: 42, mixed: ['required', 7] },
          }),
          { status: 400, headers: { 'Content-Type': 'application/problem+json' } },
        ),
    });
    const error = (await new ApiClient().post('/api/patients', { json: {} }).catch((caught: unknown) => caught)) as ApiError;
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
    mockServer({ 'GET /api/things': () => problem(404, 'patient_not_found', 'No such patient.') });
    const error = (await new ApiClient().get('/api/things').catch((caught: unknown) => caught)) as ApiError;
    expect(error.fieldCodes).toEqual({});
  });

  it('reads Retry-After from 429 answers', async () => {
    mockServer({
      'GET /api/antiforgery': () => json(200, ANTIFORGERY),
      'POST /api/sign-in': () => problem(429, 'sign_in_locked', 'Too many failed attempts.', { headers: { 'Retry-After': '300' } }),
    });
    const error = (await new ApiClient().post('/api/sign-in', { json: {} }).catch((caught: unknown) => caught)) as ApiError;
    expect(error.status).toBe(429);
    expect(error.code).toBe('sign_in_locked');
    expect(error.retryAfterSeconds).toBe(300);
  });

  it('gives an ApiError without a code when the error body is not problem details', async () => {
    mockServer({ 'GET /api/things': () => new Response('<html>Bad gateway</html>', { status: 502, headers: { 'Content-Type': 'text/html' } }) });
    const error = (await new ApiClient().get('/api/things').catch((caught: unknown) => caught)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(502);
    expect(error.code).toBeNull();
    expect(error.fields).toEqual({});
  });

  it('reports an unreachable server as a network error (status 0)', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))));
    const error = (await new ApiClient().get('/api/things').catch((caught: unknown) => caught)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(0);
    expect(error.isNetworkError).toBe(true);
  });

  it('uploads a file as the raw body with its own content type', async () => {
    const { calls } = mockServer({
      'GET /api/antiforgery': () => json(200, ANTIFORGERY),
      'POST /api/images': () => json(201, { id: 'img-1' }),
    });
    const file = new File([new Uint8Array([137, 80, 78, 71])], 'bg.png', { type: 'image/png' });
    await new ApiClient().post('/api/images', { body: file, contentType: file.type });
    expect(calls[1]!.headers['content-type']).toBe('image/png');
    expect(calls[1]!.body).toBe(file);
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
