import type { CommandArgs, CommandDefinition } from './types';

/** The one way actions run: toolbar, keys, panels and `window.emh` all go through here. */
export class CommandRegistry {
  private readonly commands = new Map<string, CommandDefinition>();

  register(command: CommandDefinition): void {
    if (this.commands.has(command.name)) {
      throw new Error(`Command "${command.name}" is already registered`);
    }
    this.commands.set(command.name, command);
  }

  has(name: string): boolean {
    return this.commands.has(name);
  }

  /** Always a promise, so callers treat synchronous and asynchronous commands alike. */
  async run(name: string, args: CommandArgs = {}): Promise<unknown> {
    const command = this.commands.get(name);
    if (!command) throw new Error(`Unknown command "${name}"`);
    return command.run(args);
  }

  list(): { name: string; description: string }[] {
    return [...this.commands.values()].map(({ name, description }) => ({ name, description })).sort((a, b) => a.name.localeCompare(b.name));
  }
}
