import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { vi } from 'vitest';
import { I18nProvider } from '../src/shared/i18n/I18nProvider';
import { commonMessages } from '../src/shared/i18n/messages';
import { mergeCatalogs, type Catalogs } from '../src/shared/i18n/translate';
import { QueryProvider } from '../src/shared/query';

export interface Call {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: Blob | undefined;
  json: unknown;
  credentials: RequestCredentials | undefined;
}

export type Handler = (call: Call) => Response | Promise<Response>;

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
}

export function problem(
  status: number,
  code: string,
  detail: string,
  extra: { errors?: Record<string, string[]>; fieldCodes?: Record<string, string[]>; headers?: Record<string, string> } = {},
): Response {
  const body = { type: 'about:blank', title: 'Problem', status, detail, code, errors: extra.errors, fieldCodes: extra.fieldCodes };
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/problem+json', ...extra.headers },
  });
}

export function noContent(): Response {
  return new Response(null, { status: 204 });
}

export const ANTIFORGERY = { token: 'token-1', headerName: 'X-CSRF-TOKEN' };

/**
 * Replaces fetch with a server made of routes keyed "METHOD /path". Every call is recorded;
 * a call to a route that is not there fails the test with a 599 answer.
 */
export function mockServer(routes: Record<string, Handler | Handler[]>) {
  const calls: Call[] = [];
  const queues = new Map<string, Handler[]>();
  for (const [key, value] of Object.entries(routes)) {
    queues.set(key, Array.isArray(value) ? [...value] : [value]);
  }
  const fetchMock = vi.fn(async (input: Request | string, init: RequestInit = {}) => {
    const request = typeof input === 'string' ? new Request(new URL(input, window.location.origin), init) : input;
    const url = new URL(request.url);
    const method = request.method.toUpperCase();
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => {
      headers[name] = value;
    });
    const body = request.body === null ? undefined : await request.clone().blob();
    let parsed: unknown = undefined;
    if (body !== undefined && (headers['content-type'] ?? '').includes('json')) {
      try {
        parsed = JSON.parse(await body.text());
      } catch {
        parsed = undefined;
      }
    }
    const path = url.pathname + url.search;
    const call: Call = { method, url: path, headers, body, json: parsed, credentials: request.credentials };
    calls.push(call);
    const queue = queues.get(`${method} ${path}`);
    if (!queue || queue.length === 0) {
      return problem(599, 'not_mocked', `No mocked answer for ${method} ${path}`);
    }
    // The last handler answers every later call.
    const handler = queue.length > 1 ? queue.shift()! : queue[0]!;
    return handler(call);
  });
  vi.stubGlobal('fetch', fetchMock);
  return { calls, fetchMock };
}

export function renderWithI18n(ui: ReactElement, ...catalogs: Catalogs[]) {
  return render(
    <I18nProvider catalogs={mergeCatalogs(commonMessages, ...catalogs)}>
      <QueryProvider>{ui}</QueryProvider>
    </I18nProvider>,
  );
}

/** What axe finds wrong on the page, one line per rule with the elements it names (colour contrast needs a real browser). */
export async function axeViolations(): Promise<string[]> {
  const { default: axe } = await import('axe-core');
  const result = await axe.run(document.body, { rules: { 'color-contrast': { enabled: false } } });
  return result.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}
