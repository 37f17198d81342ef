import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { components, paths } from './openapi';

/**
 * The HTTP client every feature uses: openapi-fetch, typed by the paths that openapi-typescript
 * generates from openapi.json, with one middleware that sends the session cookie, adds the
 * antiforgery token on unsafe requests and turns RFC 9457 problem details into {@link ApiError}.
 */

type Schemas = components['schemas'];

/** A schema of the API's document: `Schema<'StaffProfile'>`. */
export type Schema<Name extends keyof Schemas> = Schemas[Name];

export type FieldErrors = Record<string, string[]>;

/** Machine-readable codes per field ("identifiers[0].number" -> ["health_card_check_digit"]), beside the messages. */
export type FieldCodes = Record<string, string[]>;

/** A failed request: the problem details the server sent, or status 0 when the server could not be reached. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string | null;
  readonly title: string | null;
  readonly detail: string | null;
  readonly fields: FieldErrors;
  /** The codes of {@link fields}, same keys; empty when the server sent none. */
  readonly fieldCodes: FieldCodes;
  /** From the Retry-After header of a 429 answer, in seconds. */
  readonly retryAfterSeconds: number | null;

  constructor(init: {
    status: number;
    code?: string | null;
    title?: string | null;
    detail?: string | null;
    fields?: FieldErrors;
    fieldCodes?: FieldCodes;
    retryAfterSeconds?: number | null;
  }) {
    super(init.detail ?? init.title ?? `Request failed with status ${init.status}`);
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code ?? null;
    this.title = init.title ?? null;
    this.detail = init.detail ?? null;
    this.fields = init.fields ?? {};
    this.fieldCodes = init.fieldCodes ?? {};
    this.retryAfterSeconds = init.retryAfterSeconds ?? null;
  }

  /** True when the server could not be reached at all. */
  get isNetworkError(): boolean {
    return this.status === 0;
  }
}

export const NETWORK_ERROR = 'network_error';
export const ANTIFORGERY_FAILED = 'antiforgery_failed';

type AntiforgeryToken = Schema<'AntiforgeryTokenResponse'>;

type FetchLike = (request: Request) => Promise<Response>;

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const ANTIFORGERY_PATH = '/api/antiforgery';
const DEFAULT_HEADER = 'X-CSRF-TOKEN';

export interface Api {
  /** The typed client: `api.client.GET('/api/operator/clinics')`; errors reject with {@link ApiError}. */
  readonly client: Client<paths>;
  /** Forgets the antiforgery token; call after signing in or out, since the token belongs to the signed-in person. */
  resetAntiforgery(): void;
}

export function createApi(fetchImpl?: FetchLike): Api {
  // Looked up at call time so that tests can replace the global fetch.
  const send: FetchLike = fetchImpl ?? ((request) => globalThis.fetch(request));
  let antiforgery: Promise<AntiforgeryToken> | null = null;
  // The unsent copy of each unsafe request, so that it can be sent once more with a new token.
  const copies = new Map<string, Request>();

  const fetchToken = async (): Promise<AntiforgeryToken> => {
    let response: Response;
    try {
      response = await send(
        new Request(new URL(ANTIFORGERY_PATH, origin()), { headers: { Accept: 'application/json' }, credentials: 'same-origin' }),
      );
    } catch (error) {
      throw toNetworkError(error);
    }
    if (!response.ok) {
      throw await toApiError(response);
    }
    const token = (await response.json()) as AntiforgeryToken;
    return { token: token.token, headerName: token.headerName || DEFAULT_HEADER };
  };

  const token = (): Promise<AntiforgeryToken> => {
    if (!antiforgery) {
      const pending = fetchToken();
      antiforgery = pending;
      // A failed fetch is not remembered: the next request tries again.
      pending.catch(() => {
        if (antiforgery === pending) {
          antiforgery = null;
        }
      });
    }
    return antiforgery;
  };

  const withToken = async (request: Request): Promise<Request> => {
    const { token: value, headerName } = await token();
    request.headers.set(headerName, value);
    return request;
  };

  const middleware: Middleware = {
    async onRequest({ request, id }) {
      request.headers.set('Accept', 'application/json');
      if (!UNSAFE_METHODS.has(request.method)) {
        return request;
      }
      const signed = await withToken(request);
      copies.set(id, signed.clone());
      return signed;
    },
    async onResponse({ response, id }) {
      const copy = copies.get(id);
      copies.delete(id);
      let answer = response;
      if (copy && response.status === 400 && (await readProblem(response.clone())).code === ANTIFORGERY_FAILED) {
        // The token expired or belonged to another session: get a new one and try once more.
        antiforgery = null;
        try {
          answer = await send(await withToken(copy));
        } catch (error) {
          throw toNetworkError(error);
        }
      }
      if (!answer.ok) {
        throw await toApiError(answer);
      }
      return answer;
    },
    onError({ error, id }) {
      copies.delete(id);
      const mapped = toNetworkError(error);
      return mapped instanceof Error ? mapped : new Error(String(error));
    },
  };

  const client = createClient<paths>({ baseUrl: origin(), credentials: 'same-origin', fetch: send });
  client.use(middleware);
  return {
    client,
    resetAntiforgery() {
      antiforgery = null;
    },
  };
}

/** The page's origin: openapi-fetch builds absolute Request URLs. */
function origin(): string {
  return globalThis.location?.origin ?? 'http://localhost';
}

/**
 * The data of a successful call. The middleware turns every failure into a thrown {@link ApiError},
 * so a call that resolves has its data (undefined for 204 answers).
 */
export async function data<T>(call: Promise<{ data?: T; response: Response }>): Promise<T> {
  return (await call).data as T;
}

function toNetworkError(error: unknown): unknown {
  if (error instanceof DOMException && error.name === 'AbortError') {
    return error;
  }
  return new ApiError({ status: 0, code: NETWORK_ERROR, detail: null });
}

async function toApiError(response: Response): Promise<ApiError> {
  const problem = await readProblem(response);
  return new ApiError({
    status: response.status,
    code: problem.code,
    title: problem.title,
    detail: problem.detail,
    fields: problem.fields,
    fieldCodes: problem.fieldCodes,
    retryAfterSeconds: parseRetryAfter(response.headers.get('Retry-After')),
  });
}

interface Problem {
  code: string | null;
  title: string | null;
  detail: string | null;
  fields: FieldErrors;
  fieldCodes: FieldCodes;
}

/** Reads RFC 9457 problem details; anything else (an empty or HTML body) gives an empty problem. */
export async function readProblem(response: Response): Promise<Problem> {
  const empty: Problem = { code: null, title: null, detail: null, fields: {}, fieldCodes: {} };
  let body: unknown;
  try {
    const text = await response.text();
    body = text ? JSON.parse(text) : null;
  } catch {
    return empty;
  }
  if (!body || typeof body !== 'object') {
    return empty;
  }
  const record = body as Record<string, unknown>;
  return {
    code: typeof record.code === 'string' ? record.code : null,
    title: typeof record.title === 'string' ? record.title : null,
    detail: typeof record.detail === 'string' ? record.detail : null,
    fields: stringLists(record.errors),
    fieldCodes: stringLists(record.fieldCodes),
  };
}

/** { field: ["a", "b"] } or { field: "a" } as lists of strings; anything else is left out. */
function stringLists(value: unknown): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  if (!value || typeof value !== 'object') {
    return result;
  }
  for (const [field, entries] of Object.entries(value as Record<string, unknown>)) {
    if (Array.isArray(entries)) {
      result[field] = entries.filter((entry): entry is string => typeof entry === 'string');
    } else if (typeof entries === 'string') {
      result[field] = [entries];
    }
  }
  return result;
}

/** Retry-After in seconds (delay-seconds or an HTTP date); null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | null {
  if (!value) {
    return null;
  }
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) {
    return Number.parseInt(trimmed, 10);
  }
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) {
    return null;
  }
  return Math.max(0, Math.ceil((date - now) / 1000));
}

/** The client the pages use. */
export const api = createApi();
