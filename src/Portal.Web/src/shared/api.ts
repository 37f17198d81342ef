/**
 * The HTTP client every feature uses: JSON over fetch with the session cookie, the antiforgery
 * token on unsafe requests, and RFC 9457 problem details turned into {@link ApiError}.
 */

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

interface AntiforgeryToken {
  token: string;
  headerName: string;
}

export interface RequestOptions {
  /** Sent as JSON. */
  json?: unknown;
  /** Sent as is (a file upload), with {@link contentType}. */
  body?: Blob;
  contentType?: string;
  signal?: AbortSignal;
}

type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const ANTIFORGERY_PATH = '/api/antiforgery';
const DEFAULT_HEADER = 'X-CSRF-TOKEN';

export class ApiClient {
  private readonly fetchImpl: FetchLike;
  private antiforgery: Promise<AntiforgeryToken> | null = null;

  constructor(fetchImpl?: FetchLike) {
    // Looked up at call time so that tests can replace the global fetch.
    this.fetchImpl = fetchImpl ?? ((input, init) => globalThis.fetch(input, init));
  }

  get<T>(path: string, options?: RequestOptions): Promise<T> {
    return this.request<T>('GET', path, options);
  }

  post<T>(path: string, options?: RequestOptions): Promise<T> {
    return this.request<T>('POST', path, options);
  }

  put<T>(path: string, options?: RequestOptions): Promise<T> {
    return this.request<T>('PUT', path, options);
  }

  patch<T>(path: string, options?: RequestOptions): Promise<T> {
    return this.request<T>('PATCH', path, options);
  }

  delete<T = void>(path: string, options?: RequestOptions): Promise<T> {
    return this.request<T>('DELETE', path, options);
  }

  /** Forgets the antiforgery token; call after signing in or out, since the token belongs to the signed-in person. */
  resetAntiforgery(): void {
    this.antiforgery = null;
  }

  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const unsafe = UNSAFE_METHODS.has(method);
    let response = await this.send(method, path, options, unsafe);
    if (unsafe && response.status === 400) {
      const problem = await readProblem(response.clone());
      if (problem.code === ANTIFORGERY_FAILED) {
        // The token expired or belonged to another session: get a new one and try once more.
        this.antiforgery = null;
        response = await this.send(method, path, options, unsafe);
      }
    }
    return handleResponse<T>(response);
  }

  private async send(method: string, path: string, options: RequestOptions, unsafe: boolean): Promise<Response> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    let body: BodyInit | undefined;
    if (options.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(options.json);
    } else if (options.body !== undefined) {
      headers['Content-Type'] = options.contentType || options.body.type || 'application/octet-stream';
      body = options.body;
    }
    if (unsafe) {
      const token = await this.token();
      headers[token.headerName || DEFAULT_HEADER] = token.token;
    }
    try {
      return await this.fetchImpl(path, {
        method,
        headers,
        body,
        credentials: 'same-origin',
        signal: options.signal,
      });
    } catch (error) {
      throw toNetworkError(error);
    }
  }

  private token(): Promise<AntiforgeryToken> {
    if (!this.antiforgery) {
      const pending = this.fetchToken();
      this.antiforgery = pending;
      // A failed fetch is not remembered: the next request tries again.
      pending.catch(() => {
        if (this.antiforgery === pending) {
          this.antiforgery = null;
        }
      });
    }
    return this.antiforgery;
  }

  private async fetchToken(): Promise<AntiforgeryToken> {
    let response: Response;
    try {
      response = await this.fetchImpl(ANTIFORGERY_PATH, {
        method: 'GET',
        headers: { Accept: 'application/json' },
        credentials: 'same-origin',
      });
    } catch (error) {
      throw toNetworkError(error);
    }
    const token = await handleResponse<AntiforgeryToken>(response);
    return { token: token.token, headerName: token.headerName || DEFAULT_HEADER };
  }
}

function toNetworkError(error: unknown): unknown {
  if (error instanceof DOMException && error.name === 'AbortError') {
    return error;
  }
  return new ApiError({ status: 0, code: NETWORK_ERROR, detail: null });
}

async function handleResponse<T>(response: Response): Promise<T> {
  if (!response.ok) {
    const problem = await readProblem(response);
    throw new ApiError({
      status: response.status,
      code: problem.code,
      title: problem.title,
      detail: problem.detail,
      fields: problem.fields,
      fieldCodes: problem.fieldCodes,
      retryAfterSeconds: parseRetryAfter(response.headers.get('Retry-After')),
    });
  }
  if (response.status === 204 || response.status === 205) {
    return undefined as T;
  }
  const text = await response.text();
  if (!text) {
    return undefined as T;
  }
  return JSON.parse(text) as T;
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
export const api = new ApiClient();

/** A path segment, encoded. */
export function segment(value: string): string {
  return encodeURIComponent(value);
}
