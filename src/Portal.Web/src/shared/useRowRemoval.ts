import { useRef, useState } from 'react';
import { ApiError } from './api';

interface Options<T> {
  /** Asks the server to remove the row. */
  run(item: T): Promise<unknown>;
  /** Problem codes that mean the row was gone already: the page drops it as if it had just been removed. */
  goneCodes?: readonly string[];
  /** Clears what the page said about an earlier action, before this one starts. */
  onStart?(): void;
  /** The row is gone (`already`: before this request): drop it from the list and say so. */
  onRemoved(item: T, already: boolean): void;
  /** Where focus goes once the pressed button has left the page, with its row. */
  focusAfter(): void;
  onSessionEnded(): void;
}

/**
 * One row of a list removed with its own button (a draft, an availability exception, a signed-in device): one
 * request at a time, a signed-out answer ends the session, a failure is kept for the page's alert, and focus moves
 * on from the button that disappears.
 */
export function useRowRemoval<T>({ run, goneCodes = [], onStart, onRemoved, focusAfter, onSessionEnded }: Options<T>) {
  const [removing, setRemoving] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const busy = useRef(false);

  const remove = async (item: T) => {
    if (busy.current) {
      return;
    }
    busy.current = true;
    setRemoving(item);
    setError(null);
    onStart?.();
    let already = false;
    try {
      await run(item);
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 401) {
        onSessionEnded();
        return;
      }
      if (!(caught instanceof ApiError && caught.code !== null && goneCodes.includes(caught.code))) {
        setError(caught);
        return;
      }
      already = true;
    } finally {
      busy.current = false;
      setRemoving(null);
    }
    onRemoved(item, already);
    focusAfter();
  };

  return { remove, removing, error };
}
