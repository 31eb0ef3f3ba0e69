/**
 * The CLIs' output files: a path that cannot be written is found before the work and said plainly; a file is
 * put in place whole or not at all (no temporary file left either); a device (/dev/full) is written in place
 * and its failure said.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describeError } from './error-words.ts';
import { openOutStream, outFileProblem, writeFileWhole } from './out-file.ts';

describe('output files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nids-out-file-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const bytes = new TextEncoder().encode('whole\n');

  it('says why a path cannot be written, before anything is written', () => {
    mkdirSync(join(dir, 'folder'));
    writeFileSync(join(dir, 'file'), '');
    expect(outFileProblem('/no/such/dir/x.csv')).toBe('cannot write /no/such/dir/x.csv: no such directory');
    expect(outFileProblem(join(dir, 'folder'))).toBe(`cannot write ${join(dir, 'folder')}: is a directory`);
    expect(outFileProblem(join(dir, 'file', 'x.csv'))).toMatch(/: .*file is not a directory$/);
    expect(outFileProblem(join(dir, 'new.csv'))).toBeNull();
    expect(outFileProblem(join(dir, 'file'))).toBeNull();
  });

  it('writes a file whole, through a temporary name that is not left behind', () => {
    writeFileWhole(join(dir, 'whole.zip'), bytes);
    expect(readFileSync(join(dir, 'whole.zip'), 'utf8')).toBe('whole\n');
    expect(() => writeFileWhole('/no/such/dir/m.zip', bytes)).toThrow(
      'cannot write /no/such/dir/m.zip: no such directory',
    );
    expect(readdirSync(dir).filter((f) => f.endsWith('.part'))).toEqual([]);
  });

  it('streams a file into place, or leaves nothing when told to or when writing fails', async () => {
    const kept = openOutStream(join(dir, 'kept.csv'));
    await kept.write(bytes);
    expect(existsSync(join(dir, 'kept.csv')), 'not in place until complete').toBe(false);
    await kept.close(true);
    expect(readFileSync(join(dir, 'kept.csv'), 'utf8')).toBe('whole\n');
    const dropped = openOutStream(join(dir, 'dropped.csv'));
    await dropped.write(bytes);
    await dropped.close(false);
    expect(existsSync(join(dir, 'dropped.csv'))).toBe(false);
    expect(readdirSync(dir).filter((f) => f.endsWith('.part'))).toEqual([]);
    expect(() => openOutStream('/no/such/dir/x.csv')).toThrow('cannot write /no/such/dir/x.csv: no such directory');
  });

  it('writes a device in place and says when it is full', async () => {
    const full = openOutStream('/dev/full');
    const failed = (async () => {
      for (let i = 0; i < 64; i++) await full.write(new Uint8Array(64 * 1024));
      await full.close(true);
    })();
    await expect(failed).rejects.toThrow('cannot write /dev/full: no space left on the device');
  });

  it('words a file system error with its path, without the code and syscall', () => {
    const err = Object.assign(new Error("EACCES: permission denied, open '/x/y'"), {
      code: 'EACCES',
      syscall: 'open',
      path: '/x/y',
    });
    expect(describeError(err)).toBe('/x/y: permission denied');
  });
});
