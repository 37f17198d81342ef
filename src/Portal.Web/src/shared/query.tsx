import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';

/**
 * The server's data as TanStack Query keeps it. A failed load is shown at once with a Retry button
 * rather than retried behind the person's back, and coming back to the tab does not reload a form
 * they are filling in.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: false, refetchOnWindowFocus: false, staleTime: 30_000 },
      mutations: { retry: false },
    },
  });
}

/** One query client per app, made once. */
export function QueryProvider({ children, client }: { children: ReactNode; client?: QueryClient }) {
  const [made] = useState(() => client ?? createQueryClient());
  return <QueryClientProvider client={made}>{children}</QueryClientProvider>;
}
