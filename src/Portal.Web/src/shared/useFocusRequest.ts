import { useCallback, useEffect, useState } from 'react';

/**
 * Moves focus to an element by id once the render that shows it has been committed.
 *
 * Each request is a new value, and the effect never writes state back: an effect still
 * pending from an earlier render cannot overwrite a newer request, however quickly the
 * person acts (moving focus back to a heading straight after an error, for example).
 */
export function useFocusRequest(): (id: string) => void {
  const [request, setRequest] = useState<{ id: string } | null>(null);

  useEffect(() => {
    if (request) {
      document.getElementById(request.id)?.focus();
    }
  }, [request]);

  return useCallback((id: string) => setRequest({ id }), []);
}
