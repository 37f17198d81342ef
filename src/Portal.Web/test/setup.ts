import { cleanup, configure } from '@testing-library/react';
import { afterEach, vi } from 'vitest';
import { api } from '../src/shared/api';

// The default second is too short on a busy 2-core machine, where a first render with its lazy imports can take longer.
configure({ asyncUtilTimeout: 5000 });

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  vi.useRealTimers();
  api.resetAntiforgery();
  window.localStorage.clear();
  window.sessionStorage.clear();
  document.documentElement.lang = '';
  document.title = '';
  window.history.replaceState(null, '', '/');
});
