import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

/**
 * Patients must not download the admin app: nothing that portal.html (or index.html) loads may come
 * from src/admin/. Reads the build's manifest (run `npm run build` first; `npm test` in CI builds first).
 */
const dist = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const manifestPath = resolve(dist, '.vite', 'manifest.json');
const modulesPath = resolve(dist, '.vite', 'chunk-modules.json');
const built = existsSync(manifestPath) && existsSync(modulesPath);
const ADMIN = 'src/admin/';

interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}

type Manifest = Record<string, ManifestChunk>;

/** The manifest keys an entry loads, statically or dynamically, itself included. */
function reachable(manifest: Manifest, entry: string): string[] {
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) {
      return;
    }
    seen.add(key);
    const chunk = manifest[key];
    expect(chunk, `manifest entry ${key}`).toBeDefined();
    for (const next of [...(chunk!.imports ?? []), ...(chunk!.dynamicImports ?? [])]) {
      visit(next);
    }
  };
  visit(entry);
  return [...seen];
}

if (!built) {
  console.warn('dist/.vite/manifest.json is missing: run `npm run build` before the tests to check that patients never load admin code.');
}

describe.skipIf(!built)('the built pages', () => {
  const manifest = built ? (JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest) : {};
  const modules = built ? (JSON.parse(readFileSync(modulesPath, 'utf8')) as Record<string, string[]>) : {};

  const adminModulesOf = (entry: string) =>
    reachable(manifest, entry).flatMap((key) => {
      const chunk = manifest[key]!;
      const sources = [chunk.src ?? key, ...(modules[chunk.file] ?? [])];
      return sources.filter((source) => source.startsWith(ADMIN)).map((source) => `${source} (in ${chunk.file})`);
    });

  it('has the three pages as entries', () => {
    for (const page of ['index.html', 'portal.html', 'admin.html']) {
      expect(manifest[page]?.isEntry, page).toBe(true);
      expect(existsSync(resolve(dist, page)), `dist/${page}`).toBe(true);
    }
  });

  it('lists the modules of every chunk, admin modules in the admin entry', () => {
    // Without this the checks below could pass on an empty list.
    expect(adminModulesOf('admin.html').length).toBeGreaterThan(5);
  });

  it('loads no module from src/admin/ on the patient portal', () => {
    expect(adminModulesOf('portal.html')).toEqual([]);
  });

  it('loads no module from src/admin/ on the index page', () => {
    expect(adminModulesOf('index.html')).toEqual([]);
  });

  it('references only files of the portal entry from portal.html', () => {
    const html = readFileSync(resolve(dist, 'portal.html'), 'utf8');
    const allowed = new Set(
      reachable(manifest, 'portal.html').flatMap((key) => [manifest[key]!.file, ...(manifest[key]!.css ?? [])]),
    );
    const referenced = [...html.matchAll(/(?:src|href)="\/([^"]+)"/g)].map((match) => match[1]!);
    expect(referenced.length).toBeGreaterThan(0);
    expect(referenced.filter((file) => !allowed.has(file))).toEqual([]);
  });

  it('has a smaller Brotli and gzip copy of every script and style over 1 kB, each the asset itself once decompressed', () => {
    const assets = resolve(dist, 'assets');
    const large = readdirSync(assets).filter((file) => /\.(js|css)$/.test(file) && readFileSync(resolve(assets, file)).length >= 1024);
    expect(large.length).toBeGreaterThan(3);
    for (const file of large) {
      const content = readFileSync(resolve(assets, file));
      const brotli = readFileSync(resolve(assets, `${file}.br`));
      const gzip = readFileSync(resolve(assets, `${file}.gz`));
      expect(brotli.length, `${file}.br`).toBeLessThan(content.length / 2);
      expect(gzip.length, `${file}.gz`).toBeLessThan(content.length / 2);
      expect(brotliDecompressSync(brotli).equals(content), `${file}.br`).toBe(true);
      expect(gunzipSync(gzip).equals(content), `${file}.gz`).toBe(true);
    }
  });

  it('has no inline script or style in the pages (the Content-Security-Policy forbids them)', () => {
    for (const page of ['index.html', 'portal.html', 'admin.html']) {
      const html = readFileSync(resolve(dist, page), 'utf8');
      expect(html, page).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
      expect(html, page).not.toMatch(/<style[\s>]/);
      expect(html, page).not.toMatch(/\sstyle="/);
    }
  });
});
