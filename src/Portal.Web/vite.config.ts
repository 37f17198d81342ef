/// <reference types="vitest/config" />
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';

const root = dirname(fileURLToPath(import.meta.url));

/**
 * Writes dist/.vite/chunk-modules.json: the source modules inside each output chunk. The manifest
 * names only a chunk's entry module; this lets the tests prove that no admin module is bundled into
 * a chunk that the patient portal loads.
 */
function chunkModules(): Plugin {
  let outDir = resolve(root, 'dist');
  return {
    name: 'portal-chunk-modules',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    writeBundle(_options, bundle) {
      const modules: Record<string, string[]> = {};
      for (const [fileName, output] of Object.entries(bundle)) {
        if (output.type === 'chunk') {
          modules[fileName] = output.moduleIds
            .filter((id) => !id.startsWith('\0'))
            .map((id) => relative(root, id.split('?')[0] ?? id).split('\\').join('/'));
        }
      }
      mkdirSync(resolve(outDir, '.vite'), { recursive: true });
      writeFileSync(resolve(outDir, '.vite', 'chunk-modules.json'), JSON.stringify(modules, null, 2));
    },
  };
}

/** The assets worth compressing: text the browser loads (scripts, styles, SVG), at least this many bytes. */
const COMPRESSIBLE = /\.(js|css|svg|json)$/;
const COMPRESS_FROM_BYTES = 1024;

/**
 * Writes a Brotli (.br) and a gzip (.gz) copy beside each compressible asset, at the highest levels since it
 * happens once per build; the host serves the copy the browser accepts (ADR 24). A copy that would not be
 * smaller is not written.
 */
function precompress(): Plugin {
  let outDir = resolve(root, 'dist');
  return {
    name: 'portal-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    writeBundle(_options, bundle) {
      for (const [fileName, output] of Object.entries(bundle)) {
        if (!fileName.startsWith('assets/') || !COMPRESSIBLE.test(fileName)) {
          continue;
        }
        const content = Buffer.from(output.type === 'chunk' ? output.code : output.source);
        if (content.length < COMPRESS_FROM_BYTES) {
          continue;
        }
        const brotli = brotliCompressSync(content, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
            [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
            [constants.BROTLI_PARAM_SIZE_HINT]: content.length,
          },
        });
        const gzip = gzipSync(content, { level: constants.Z_BEST_COMPRESSION });
        for (const [suffix, compressed] of [['.br', brotli], ['.gz', gzip]] as const) {
          if (compressed.length < content.length) {
            writeFileSync(resolve(outDir, fileName + suffix), compressed);
          }
        }
      }
    },
  };
}

export default defineConfig({
  base: '/',
  plugins: [chunkModules(), precompress()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    manifest: true,
    // The server's Content-Security-Policy allows no inline script: no module preload polyfill.
    modulePreload: { polyfill: false },
    rolldownOptions: {
      input: {
        index: resolve(root, 'index.html'),
        portal: resolve(root, 'portal.html'),
        admin: resolve(root, 'admin.html'),
      },
      output: {
        // React in one chunk and src/shared in another, shared by the pages; each feature keeps its own code. The video
        // call and its SignalR client stay out of both: they load with the visit pages only.
        codeSplitting: {
          groups: [
            { name: 'react', test: /[\\/]node_modules[\\/](?!@microsoft[\\/]signalr[\\/])/ },
            { name: 'shared', test: /[\\/]src[\\/]shared[\\/](?!visit[\\/](VisitCall|PreCheck|media|visit)\.)/ },
          ],
        },
      },
    },
  },
  test: {
    environment: 'jsdom',
    include: ['test/**/*.test.{ts,tsx}'],
    setupFiles: ['test/setup.ts'],
    // Test files share a worker's module graph and DOM instead of building both anew per file (about 60 % of the run's CPU);
    // test/setup.ts puts back after every test what a test may change (DOM, globals, mocks, storage, timers, URL).
    isolate: false,
    // The browser's zone in tests, whatever the machine's: pages must still show the clinic's (America/Toronto).
    env: { TZ: 'UTC' },
  },
});
