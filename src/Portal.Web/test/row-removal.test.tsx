import { act, renderHook } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../src/shared/api';
import { useRowRemoval } from '../src/shared/useRowRemoval';

const problem = (status: number, code: string) => new ApiError({ status, code, title: code });

function setUp(run: (item: string) => Promise<unknown>) {
  const calls = { start: 0, removed: [] as [string, boolean][], focused: 0, signedOut: 0 };
  const hook = renderHook(() =>
    useRowRemoval<string>({
      run,
      goneCodes: ['draft_not_found'],
      onStart: () => calls.start++,
      onRemoved: (item, already) => calls.removed.push([item, already]),
      focusAfter: () => calls.focused++,
      onSessionEnded: () => calls.signedOut++,
    }),
  );
  return { hook, calls };
}

describe('removing a row of a list', () => {
  it('drops the row and moves focus on once the server removed it', async () => {
    const { hook, calls } = setUp(() => Promise.resolve());
    await act(() => hook.result.current.remove('a'));
    expect(calls).toEqual({ start: 1, removed: [['a', false]], focused: 1, signedOut: 0 });
    expect(hook.result.current.error).toBeNull();
    expect(hook.result.current.removing).toBeNull();
  });

  it('treats a row the server says is gone already as removed', async () => {
    const { hook, calls } = setUp(() => Promise.reject(problem(404, 'draft_not_found')));
    await act(() => hook.result.current.remove('a'));
    expect(calls.removed).toEqual([['a', true]]);
    expect(hook.result.current.error).toBeNull();
  });

  it('keeps the row and the failure for the alert when the server refuses', async () => {
    const refused = problem(409, 'conflict');
    const { hook, calls } = setUp(() => Promise.reject(refused));
    await act(() => hook.result.current.remove('a'));
    expect(calls.removed).toEqual([]);
    expect(calls.focused).toBe(0);
    expect(hook.result.current.error).toBe(refused);
  });

  it('ends the session on a 401 without showing an error', async () => {
    const { hook, calls } = setUp(() => Promise.reject(problem(401, 'unauthorized')));
    await act(() => hook.result.current.remove('a'));
    expect(calls.signedOut).toBe(1);
    expect(calls.removed).toEqual([]);
    expect(hook.result.current.error).toBeNull();
  });

  it('sends one request at a time and says which row is on its way out', async () => {
    let finish: () => void = () => {};
    const run = vi.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    const { hook, calls } = setUp(run);
    let first: Promise<void> = Promise.resolve();
    act(() => {
      first = hook.result.current.remove('a');
    });
    expect(hook.result.current.removing).toBe('a');
    await act(() => hook.result.current.remove('b'));
    expect(run).toHaveBeenCalledTimes(1);
    await act(async () => {
      finish();
      await first;
    });
    expect(calls.removed).toEqual([['a', false]]);
    expect(hook.result.current.removing).toBeNull();
  });
});
