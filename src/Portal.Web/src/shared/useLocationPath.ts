import { useCallback, useEffect, useState, type MouseEvent } from 'react';

export interface NavigateOptions {
  /** Replaces the current history entry instead of adding one (switching tabs, correcting an address). */
  replace?: boolean;
}

export type Navigate = (path: string, options?: NavigateOptions) => void;

interface Place {
  path: string;
  search: string;
}

const here = (): Place => ({ path: window.location.pathname, search: window.location.search });

/**
 * The current path and query string, kept in step with history.pushState and the back button.
 * `navigate` takes a path with or without a query string ("/demo/admin/patients?q=tremblay").
 */
export function useLocationPath(): [string, Navigate, string] {
  const [place, setPlace] = useState(here);

  useEffect(() => {
    const onPopState = () => setPlace(here());
    window.addEventListener('popstate', onPopState);
    return () => window.removeEventListener('popstate', onPopState);
  }, []);

  const navigate = useCallback<Navigate>((next, options) => {
    if (next !== window.location.pathname + window.location.search) {
      if (options?.replace) {
        window.history.replaceState(null, '', next);
      } else {
        window.history.pushState(null, '', next);
      }
    }
    setPlace(here());
  }, []);

  return [place.path, navigate, place.search];
}

/** Follows a link in the page without reloading it, unless the person asked for a new tab or window. */
export function followLink(event: MouseEvent<HTMLAnchorElement>, navigate: (path: string) => void): void {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
    return;
  }
  event.preventDefault();
  navigate(event.currentTarget.getAttribute('href') ?? '/');
}
