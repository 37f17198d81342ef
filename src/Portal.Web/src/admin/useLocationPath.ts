import { useCallback, useEffect, useState, type MouseEvent } from 'react';

/** The current path, kept in step with history.pushState and the back button. */
export function useLocationPath(): [string, (path: string) => void] {
  const [path, setPath] = useState(() => window.location.pathname);

  useEffect(() => {
    const onPopState = () => setPath(window.location.pathname);
    window.addEventListener('popstate', onPopState);
    return () => window.removeEventListener('popstate', onPopState);
  }, []);

  const navigate = useCallback((next: string) => {
    if (next !== window.location.pathname) {
      window.history.pushState(null, '', next);
    }
    setPath(next);
  }, []);

  return [path, navigate];
}

/** Follows a link in the page without reloading it, unless the person asked for a new tab or window. */
export function followLink(event: MouseEvent<HTMLAnchorElement>, navigate: (path: string) => void): void {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
    return;
  }
  event.preventDefault();
  navigate(event.currentTarget.getAttribute('href') ?? '/');
}
