// @vitest-environment node
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Folders that are not the project's own: tools' output and dependencies. */
const NOT_OURS = new Set(['node_modules', 'demo-output']);

interface FolderLine {
  path: string;
  description: string;
}

/**
 * The folder tree of the README's "Architecture" section: each line names one or more entries
 * (two spaces indent a child), then says what they are for.
 */
function readmeTree(): FolderLine[] {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Architecture'), readme.indexOf('\n## ', readme.indexOf('## Architecture') + 1));
  const block = section.split('```')[1] ?? '';
  const lines: FolderLine[] = [];
  let parent = '';
  for (const line of block.split('\n').filter((l) => l.trim() !== '')) {
    const nested = line.startsWith('  ');
    const parts = line.trim().split(/\s{2,}/);
    const names = parts.filter((part) => /^[\w.-]+(\/|\.ts)$/.test(part));
    const description = parts.slice(names.length).join(' ');
    for (const name of names) {
      if (!nested) parent = name;
      lines.push({ path: nested ? `${parent}${name}` : name, description });
    }
  }
  return lines;
}

function entries(folder: string): string[] {
  return readdirSync(join(REPO_ROOT, folder), { withFileTypes: true })
    .filter((e) => !e.name.startsWith('.') && !NOT_OURS.has(e.name))
    .map((e) => (e.isDirectory() ? `${e.name}/` : e.name));
}

function filesUnder(folder: string): string[] {
  return readdirSync(join(REPO_ROOT, folder), { recursive: true, encoding: 'utf8' }).map((file) =>
    relative(REPO_ROOT, join(REPO_ROOT, folder, file)),
  );
}

describe('the README’s architecture section', () => {
  const tree = readmeTree();
  const listed = new Set(tree.map((line) => line.path));

  it('names every folder of the repository, and every folder of lib/, components/ and entrypoints/', () => {
    const topFolders = entries('.').filter((name) => name.endsWith('/'));
    expect(topFolders.filter((folder) => !listed.has(folder))).toEqual([]);
    for (const folder of ['lib/', 'components/', 'entrypoints/']) {
      const inRepo = entries(folder).filter((name) => name.endsWith('/') || folder === 'entrypoints/');
      expect(
        inRepo.filter((name) => !listed.has(`${folder}${name}`)),
        folder,
      ).toEqual([]);
    }
  });

  it('lists nothing that does not exist', () => {
    for (const { path } of tree) {
      const [top, child] = path.split(/(?<=\/)/);
      expect(entries(child ? top! : '.'), path).toContain(child ?? top);
    }
  });

  it('gives each folder its purpose in one sentence', () => {
    for (const { path, description } of tree) {
      expect(description, path).not.toBe('');
      expect(description, path).not.toMatch(/[.;!?]\s+\S/);
    }
  });

  it('is right that only components/ and entrypoints/ draw UI: no .tsx and no Preact anywhere else', () => {
    const elsewhere = ['lib', 'scripts', 'bench'].flatMap(filesUnder);
    expect(elsewhere.filter((file) => /\.[jt]sx$/.test(file))).toEqual([]);
    const preact = /from ['"](preact|preact\/[\w/-]+|@preact\/[\w/-]+)['"]/;
    expect(elsewhere.filter((file) => file.endsWith('.ts') && preact.test(readFileSync(join(REPO_ROOT, file), 'utf8')))).toEqual([]);
  });
});
