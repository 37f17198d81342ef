import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { adminMessages } from '../src/admin/messages';
import { indexMessages } from '../src/index/messages';
import { portalMessages } from '../src/portal/messages';
import { commonMessages } from '../src/shared/i18n/messages';
import type { Catalogs } from '../src/shared/i18n/translate';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src');

/** The catalogs, and which source folder may use each (shared code may use the common messages only). */
const CATALOGS: Record<string, Catalogs> = {
  common: commonMessages,
  portal: portalMessages,
  admin: adminMessages,
  index: indexMessages,
};

const FEATURE_CATALOGS: Record<string, string[]> = {
  shared: ['common'],
  portal: ['common', 'portal'],
  admin: ['common', 'admin'],
  index: ['common', 'index'],
};

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

describe('message catalogs', () => {
  for (const [name, catalogs] of Object.entries(CATALOGS)) {
    describe(name, () => {
      it('has exactly the same keys in French and in English', () => {
        const english = Object.keys(catalogs.en).sort();
        const french = Object.keys(catalogs.fr).sort();
        expect(french.filter((key) => !english.includes(key)), 'French keys missing in English').toEqual([]);
        expect(english.filter((key) => !french.includes(key)), 'English keys missing in French').toEqual([]);
      });

      it('has no empty message', () => {
        for (const lang of ['en', 'fr'] as const) {
          const empty = Object.entries(catalogs[lang])
            .filter(([, text]) => typeof text !== 'string' || text.trim() === '')
            .map(([key]) => key);
          expect(empty, `empty ${lang} messages`).toEqual([]);
        }
      });

      it('has the same {placeholders} in both languages', () => {
        const different = Object.keys(catalogs.en).filter(
          (key) => catalogs.fr[key] !== undefined && placeholders(catalogs.en[key]!).join() !== placeholders(catalogs.fr[key]!).join(),
        );
        expect(different).toEqual([]);
      });
    });
  }

  it('gives every key to one catalog only', () => {
    const seen = new Map<string, string>();
    const duplicates: string[] = [];
    for (const [name, catalogs] of Object.entries(CATALOGS)) {
      for (const key of Object.keys(catalogs.en)) {
        if (seen.has(key)) {
          duplicates.push(`${key} (${seen.get(key)} and ${name})`);
        }
        seen.set(key, name);
      }
    }
    expect(duplicates).toEqual([]);
  });
});

function sourceFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((entry) => {
    const path = join(directory, entry);
    if (statSync(path).isDirectory()) {
      return sourceFiles(path);
    }
    return /\.(ts|tsx)$/.test(entry) ? [path] : [];
  });
}

/** Keys used as t('key') or t("key"), and keys marked with msgKey('key') for indirect use. */
function usedKeys(source: string): string[] {
  const pattern = /\b(?:t|msgKey)\(\s*(['"])([^'"]+)\1/g;
  return [...source.matchAll(pattern)].map((match) => match[2]!);
}

describe('messages used in the source', () => {
  const files = sourceFiles(src);

  it('finds the source files and the keys they use', () => {
    expect(files.length).toBeGreaterThan(10);
    const all = files.flatMap((file) => usedKeys(readFileSync(file, 'utf8')));
    expect(all.length).toBeGreaterThan(100);
    expect(usedKeys(`t('a.b'); t("c.d", { x: 1 }); msgKey('e.f'); format('g.h')`)).toEqual(['a.b', 'c.d', 'e.f']);
  });

  for (const file of files) {
    const name = relative(src, file).split('\\').join('/');
    const feature = name.split('/')[0]!;
    it(`${name} uses only keys that exist in English and in French`, () => {
      const allowed = FEATURE_CATALOGS[feature];
      expect(allowed, `no catalogs for the folder src/${feature}`).toBeDefined();
      const missing: string[] = [];
      for (const key of usedKeys(readFileSync(file, 'utf8'))) {
        for (const lang of ['en', 'fr'] as const) {
          if (!allowed!.some((catalog) => CATALOGS[catalog]![lang][key] !== undefined)) {
            missing.push(`${lang}: ${key}`);
          }
        }
      }
      expect(missing).toEqual([]);
    });
  }
});
