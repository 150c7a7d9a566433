/**
 * Where one study's anatomy lies in another's patient coordinates, per pair of studies: set by
 * the user (a linked pair of points) or found by registration. Remembered in memory and in
 * localStorage, so the pair lines up again the next time both are open. Pure but for the
 * storage it is handed.
 */
import type { Vec3 } from '../geometry/vec3';

export type OffsetMethod = 'linked' | 'registration';

export interface StudyOffset {
  /** b = a + translation, a in the first study's patient mm, b in the second's. */
  readonly translation: Vec3;
  readonly method: OffsetMethod;
}

/** The part of the Web Storage API this needs (tests hand a Map-backed one). */
export interface OffsetStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

const STORAGE_KEY = 'viewer.studyOffsets.v1';

function isOffset(value: unknown): value is StudyOffset {
  const v = value as StudyOffset | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    Array.isArray(v.translation) &&
    v.translation.length === 3 &&
    v.translation.every(Number.isFinite) &&
    (v.method === 'linked' || v.method === 'registration')
  );
}

export class StudyOffsets {
  private readonly offsets = new Map<string, StudyOffset>();

  constructor(private readonly storage: OffsetStorage | null) {
    try {
      const saved = JSON.parse(storage?.getItem(STORAGE_KEY) ?? '{}') as Record<string, unknown>;
      for (const [key, value] of Object.entries(saved)) if (isOffset(value)) this.offsets.set(key, value);
    } catch {
      // A damaged entry costs the remembered offsets, not the viewer.
    }
  }

  /** The offset from `from` to `to`; the pair remembered the other way round is its inverse. */
  get(from: string, to: string): StudyOffset | null {
    const direct = this.offsets.get(`${from}|${to}`);
    if (direct) return direct;
    const reverse = this.offsets.get(`${to}|${from}`);
    if (!reverse) return null;
    const [x, y, z] = reverse.translation;
    return { translation: [-x, -y, -z], method: reverse.method };
  }

  /**
   * Remembers an offset for this ordered pair (the reverse entry goes: one truth per pair). A
   * registration never replaces what the user linked by hand.
   */
  set(from: string, to: string, offset: StudyOffset): boolean {
    if (offset.method === 'registration' && this.get(from, to)?.method === 'linked') return false;
    this.offsets.delete(`${to}|${from}`);
    this.offsets.set(`${from}|${to}`, {
      translation: [offset.translation[0], offset.translation[1], offset.translation[2]],
      method: offset.method,
    });
    this.save();
    return true;
  }

  forget(from: string, to: string): void {
    this.offsets.delete(`${from}|${to}`);
    this.offsets.delete(`${to}|${from}`);
    this.save();
  }

  private save(): void {
    try {
      this.storage?.setItem(STORAGE_KEY, JSON.stringify(Object.fromEntries(this.offsets)));
    } catch {
      // Storage full or refused (private mode): the offsets stay for this session.
    }
  }
}
