import { cleanup } from '@testing-library/react';
import { afterEach, vi } from 'vitest';
import { api } from '../src/shared/api';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  api.resetAntiforgery();
  window.localStorage.clear();
  document.documentElement.lang = '';
  document.title = '';
  window.history.replaceState(null, '', '/');
});
