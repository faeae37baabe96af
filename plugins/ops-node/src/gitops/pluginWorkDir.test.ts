import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pluginWorkDir } from './pluginWorkDir';

describe('pluginWorkDir', () => {
  it('makes a new directory under the temp directory and removes it at shutdown', async () => {
    const hooks: Array<() => void | Promise<void>> = [];
    const lifecycle = {
      addShutdownHook: (hook: () => void) => hooks.push(hook),
    };

    const workDir = await pluginWorkDir('ops-test-', lifecycle);
    await fs.writeFile(path.join(workDir, 'file'), 'content');

    expect(path.dirname(workDir)).toBe(os.tmpdir());
    expect(path.basename(workDir)).toMatch(/^ops-test-.+/);
    expect(hooks).toHaveLength(1);
    await hooks[0]();
    await expect(fs.stat(workDir)).rejects.toThrow(/ENOENT/);
  });

  it('gives every call its own directory', async () => {
    const hooks: Array<() => void | Promise<void>> = [];
    const lifecycle = {
      addShutdownHook: (hook: () => void) => hooks.push(hook),
    };

    const first = await pluginWorkDir('ops-test-', lifecycle);
    const second = await pluginWorkDir('ops-test-', lifecycle);

    expect(first).not.toBe(second);
    await Promise.all(hooks.map(hook => hook()));
  });
});
