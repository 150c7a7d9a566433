import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { CommandRegistry } from './commandRegistry';
import { ExtensionRegistry } from './extensionRegistry';
import type { ViewerServices } from './hostServices';
import { Started } from './started';
import type { Extension } from './types';

/** The registry hands services through without reading them. */
const services = {} as ViewerServices;

function extensionWithParts(): { extension: Extension; started: Started<{ greeting: string }> } {
  const started = new Started<{ greeting: string }>('demo');
  const extension: Extension = {
    id: 'demo',
    preRegistration: async () => {
      await Promise.resolve(); // a preRegistration that waits (styles, tools) before it is done
      started.set({ greeting: 'hello' });
    },
    getCommandsModule: () => {
      const { greeting } = started.get();
      return [{ name: 'demo.greet', description: 'Greets', run: () => greeting }];
    },
  };
  return { extension, started };
}

describe("an extension's started parts", () => {
  it('refuses, in words, to give its parts before preRegistration ran', () => {
    const { extension } = extensionWithParts();
    assert.throws(() => extension.getCommandsModule?.(services), /"demo" extension has not started: its preRegistration must run/);
  });

  it('are set once', () => {
    const started = new Started<number>('demo');
    assert.equal(started.ifStarted(), undefined);
    started.set(1);
    assert.equal(started.get(), 1);
    assert.throws(() => started.set(2), /already started/);
  });

  it('are there for the commands: the registry awaits preRegistration before asking for them', async () => {
    const commands = new CommandRegistry();
    const registry = new ExtensionRegistry(commands);
    const { extension } = extensionWithParts();
    await registry.register(extension, services);
    assert.deepEqual(
      commands.list().map((c) => c.name),
      ['demo.greet'],
    );
    assert.equal(await commands.run('demo.greet'), 'hello');
  });

  it('tell the viewer when they arrive: an extension registered after the first render is heard', async () => {
    const registry = new ExtensionRegistry(new CommandRegistry());
    let heard = 0;
    registry.subscribe(() => (heard += 1));
    const { extension } = extensionWithParts();
    await registry.register(
      {
        ...extension,
        getToolbarModule: () => [{ id: 'demo-button', label: 'Demo', tooltip: 'Greets', group: 'demo', command: 'demo.greet' }],
      },
      services,
    );
    assert.equal(heard, 1);
    assert.deepEqual(
      registry.toolbar.map((b) => b.id),
      ['demo-button'],
    );
  });
});
