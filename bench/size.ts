/**
 * Initial JavaScript: the entry chunk of index.html and its static imports,
 * recursively, gzipped at level 9. Lazy chunks (dynamic imports) and the worker
 * are reported on their own, without a target.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DIST, MANIFEST } from './build';
import type { Bench, Figure } from './types';

interface ManifestChunk {
  file: string;
  name?: string;
  src?: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
  assets?: string[];
}
type Manifest = Record<string, ManifestChunk>;

const KB = 1024;
const gzipBytes = (file: string) => gzipSync(readFileSync(join(DIST, file)), { level: 9 }).length;
const kb = (bytes: number) => Math.round((bytes / KB) * 100) / 100;

/** The manifest keys reachable from `start` through static imports (start included). */
function staticClosure(manifest: Manifest, start: string): string[] {
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    const chunk = manifest[key];
    if (!chunk) throw new Error(`manifest has no chunk "${key}"`);
    seen.add(key);
    for (const dep of chunk.imports ?? []) visit(dep);
  };
  visit(start);
  return [...seen];
}

const size: Bench = {
  title: 'Initial JS gzipped (gallery + shell), lazy lab chunks and worker',
  async run(ctx) {
    await ctx.ensureBuild();
    const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8')) as Manifest;
    const entryKey = 'index.html';
    if (!manifest[entryKey]) throw new Error('manifest has no index.html entry');

    const initial = staticClosure(manifest, entryKey);
    const initialFiles = initial.map((k) => manifest[k].file).filter((f) => f.endsWith('.js'));
    const initialBytes = initialFiles.reduce((sum, f) => sum + gzipBytes(f), 0);
    const figures: Figure[] = [
      {
        name: 'initial JS (gzip -9)',
        value: kb(initialBytes),
        unit: 'KB',
        target: { op: '<=', value: 150 },
        note: initialFiles.join(' + '),
      },
    ];

    // Lazy chunks: everything reachable through a dynamic import, minus what is already initial.
    const lazyEntries = new Set<string>();
    for (const k of Object.keys(manifest)) for (const d of manifest[k].dynamicImports ?? []) lazyEntries.add(d);
    const initialSet = new Set(initial);
    for (const entry of [...lazyEntries].sort()) {
      const own = staticClosure(manifest, entry).filter((k) => !initialSet.has(k));
      const files = own.map((k) => manifest[k].file).filter((f) => f.endsWith('.js'));
      const bytes = files.reduce((sum, f) => sum + gzipBytes(f), 0);
      figures.push({ name: `lazy ${manifest[entry].name ?? entry}`, value: kb(bytes), unit: 'KB', note: files.join(' + ') });
    }

    // Workers are emitted as assets of the chunk that creates them.
    const workers = new Set<string>();
    for (const chunk of Object.values(manifest)) for (const a of chunk.assets ?? []) if (/worker[^/]*\.js$/.test(a)) workers.add(a);
    for (const file of [...workers].sort()) {
      const name = file.replace(/^assets\//, '').replace(/-[\w-]{8}\.js$/, '');
      figures.push({ name: `worker ${name}`, value: kb(gzipBytes(file)), unit: 'KB', note: file });
    }

    const css = [...new Set(initial.flatMap((k) => manifest[k].css ?? []))];
    if (css.length > 0)
      figures.push({
        name: 'initial CSS (gzip -9)',
        value: kb(css.reduce((s, f) => s + gzipBytes(f), 0)),
        unit: 'KB',
        note: css.join(' + '),
      });
    return figures;
  },
};

export default size;
