/**
 * Our drawings as OHIF measurements (its measurement panel, its SR export, its jump-to): each
 * EMH tool is mapped like the Cornerstone tool it extends. The lesion axes are Cornerstone's
 * Bidirectional and the ROIs its EllipticalROI, so OHIF's own mappings for those read our
 * annotations as they read theirs. Those mappings accept only OHIF's own tool names (a fixed
 * list inside OHIF), so ours is shown to them as the base tool's and put back on the result.
 *
 * The other way, OHIF measurement to annotation: OHIF's own mappings leave `toAnnotationSchema`
 * empty (it keeps the annotation in Cornerstone's state under the measurement's uid); ours
 * hands back our annotation from that state, so `measurementService.getAnnotation` answers for
 * our tools. What OHIF does to a measurement (delete, hide, lock) it does to that annotation,
 * where our inventory adapter hears it.
 */
import type { ToolMapping } from '../../extensions/emh/annotations/rules/mappings/toolMapping';

/** The Cornerstone tools source OHIF's cornerstone extension registers its mappings under. */
export const OHIF_TOOLS_SOURCE = { name: 'Cornerstone3DTools', version: '0.1' };

type Schema = (detail: unknown, ...rest: unknown[]) => unknown;

interface OhifMapping {
  annotationType: string;
  matchingCriteria: unknown;
  toAnnotationSchema: Schema;
  toMeasurementSchema: Schema;
}

interface AnnotationDetail {
  annotation?: { metadata?: { toolName?: string } };
}

/** The event detail with the annotation's tool name replaced (copies: OHIF's annotation is untouched). */
export function asTool(detail: unknown, toolName: string): unknown {
  const annotation = (detail as AnnotationDetail | null)?.annotation;
  if (!annotation?.metadata) return detail;
  return { ...(detail as object), annotation: { ...annotation, metadata: { ...annotation.metadata, toolName } } };
}

/** An annotation as Cornerstone's state holds it, as far as the mapping reads it. */
export interface HeldAnnotation {
  annotationUID?: string;
  metadata?: { toolName?: string };
}

/** Cornerstone's annotation of that uid (annotation.state.getAnnotation). */
export type AnnotationOf = (annotationUID: string) => HeldAnnotation | undefined;

/** OHIF's mapping of the base tool, reading and writing our tool's name. */
function mappedAs(
  base: OhifMapping,
  toolName: string,
  annotationOf: AnnotationOf,
): Pick<OhifMapping, 'toAnnotationSchema' | 'toMeasurementSchema'> {
  const named = (value: unknown): unknown => (value && typeof value === 'object' ? { ...value, toolName } : value);
  return {
    toMeasurementSchema: (detail, ...rest) => named(base.toMeasurementSchema(asTool(detail, base.annotationType), ...rest)),
    toAnnotationSchema: (measurement) => {
      const uid = (measurement as { uid?: unknown } | null)?.uid;
      const held = typeof uid === 'string' ? annotationOf(uid) : undefined;
      // Only our tool's own annotation: a uid that now names another tool's is not ours to give.
      return held?.metadata?.toolName === toolName ? held : null;
    },
  };
}

export interface OhifMeasurementService {
  getSource(name: string, version: string): unknown;
  getSourceMappings(name: string, version: string): OhifMapping[] | undefined;
  addMapping(source: unknown, annotationType: string, matchingCriteria: unknown, toAnnotation: unknown, toMeasurement: unknown): void;
}

const BASE_TOOL: Record<ToolMapping['shape'], string> = { axes: 'Bidirectional', ellipse: 'EllipticalROI' };

/** Adds a mapping for each of our tools not mapped yet; returns the tools mapped now. */
export function mapEmhMeasurements(
  service: OhifMeasurementService,
  tools: readonly Pick<ToolMapping, 'toolName' | 'shape'>[],
  annotationOf: AnnotationOf,
): string[] {
  const { name, version } = OHIF_TOOLS_SOURCE;
  const source = service.getSource(name, version);
  const mappings = service.getSourceMappings(name, version) ?? [];
  if (!source) throw new Error(`OHIF has no ${name} measurement source: is @ohif/extension-cornerstone registered?`);
  const mapped: string[] = [];
  for (const tool of tools) {
    if (mappings.some((m) => m.annotationType === tool.toolName)) continue;
    const base = mappings.find((m) => m.annotationType === BASE_TOOL[tool.shape]);
    if (!base) throw new Error(`OHIF has no ${BASE_TOOL[tool.shape]} measurement mapping to read ${tool.toolName} with`);
    const ours = mappedAs(base, tool.toolName, annotationOf);
    service.addMapping(source, tool.toolName, base.matchingCriteria, ours.toAnnotationSchema, ours.toMeasurementSchema);
    mapped.push(tool.toolName);
  }
  return mapped;
}
