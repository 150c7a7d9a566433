/**
 * The scripting API's arguments, checked and worded: a script that passes the wrong shape is
 * told which argument and what it must be. Pure.
 */
import type { CommandArgs } from '../../src/extensions/types';

export type Point = [number, number];

export function point(value: unknown, name: string): Point {
  if (!Array.isArray(value) || value.length !== 2 || !value.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    throw new Error(`"${name}" must be [column, row]`);
  }
  return [value[0], value[1]];
}

export function segment(value: unknown, name: string): [Point, Point] {
  if (!Array.isArray(value) || value.length !== 2) throw new Error(`"${name}" must be [[column, row], [column, row]]`);
  return [point(value[0], name), point(value[1], name)];
}

export function text(args: CommandArgs, name: string): string {
  const value = args[name];
  if (typeof value !== 'string' || !value) throw new Error(`"${name}" must be a non-empty string`);
  return value;
}

export function optionalText(args: CommandArgs, name: string): string | undefined {
  return args[name] === undefined ? undefined : text(args, name);
}

/** A user's choice among known words, or null (absent too): null gives the automatic value back. */
export function choiceOrNull<T>(args: CommandArgs, name: string, isChoice: (value: unknown) => value is T, what: string): T | null {
  const value = args[name] ?? null;
  if (value !== null && !isChoice(value)) throw new Error(`Unknown ${what} ${String(value)}`);
  return value;
}
