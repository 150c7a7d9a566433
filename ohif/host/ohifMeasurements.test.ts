import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mapEmhMeasurements, type OhifMeasurementService } from './ohifMeasurements';

function measurementService() {
  const source = { uid: 'cs3d' };
  const toAnnotation = (measurement: unknown) => measurement;
  // As OHIF's own: only its tool names (a fixed list) are measured.
  const toMeasurement = (detail: unknown) => {
    const toolName = (detail as { annotation: { metadata: { toolName: string } } }).annotation.metadata.toolName;
    if (!['Bidirectional', 'EllipticalROI'].includes(toolName)) throw new Error('Tool not supported');
    return { toolName, displayText: 'measured' };
  };
  const mappings = [
    { annotationType: 'Bidirectional', matchingCriteria: ['bi'], toAnnotationSchema: toAnnotation, toMeasurementSchema: toMeasurement },
    { annotationType: 'EllipticalROI', matchingCriteria: ['el'], toAnnotationSchema: toAnnotation, toMeasurementSchema: toMeasurement },
  ];
  const service: OhifMeasurementService = {
    getSource: (name, version) => (name === 'Cornerstone3DTools' && version === '0.1' ? source : undefined),
    getSourceMappings: () => mappings,
    addMapping: (_source, annotationType, matchingCriteria, toAnnotationSchema, toMeasurementSchema) =>
      mappings.push({
        annotationType,
        matchingCriteria: matchingCriteria as string[],
        toAnnotationSchema: toAnnotationSchema as typeof toAnnotation,
        toMeasurementSchema: toMeasurementSchema as typeof toMeasurement,
      }),
  };
  return { service, mappings };
}

const noAnnotations = (): undefined => undefined;

test('each EMH tool is mapped as the Cornerstone tool it extends, once', () => {
  const { service, mappings } = measurementService();
  const tools = [
    { toolName: 'EmhLesionAxes', shape: 'axes' as const },
    { toolName: 'EmhLiverRoi', shape: 'ellipse' as const },
  ];
  assert.deepEqual(mapEmhMeasurements(service, tools, noAnnotations), ['EmhLesionAxes', 'EmhLiverRoi']);
  assert.deepEqual(mappings.find((m) => m.annotationType === 'EmhLesionAxes')?.matchingCriteria, ['bi']);
  assert.deepEqual(mappings.find((m) => m.annotationType === 'EmhLiverRoi')?.matchingCriteria, ['el']);
  const lesion = mappings.find((m) => m.annotationType === 'EmhLesionAxes');
  const detail = { annotation: { annotationUID: 'a1', metadata: { toolName: 'EmhLesionAxes' } } };
  assert.deepEqual(lesion?.toMeasurementSchema(detail), { toolName: 'EmhLesionAxes', displayText: 'measured' });
  assert.equal(detail.annotation.metadata.toolName, 'EmhLesionAxes', "OHIF's annotation keeps its tool name");
  // Registered again (the extension registered twice, a reload of the mode): nothing doubles.
  assert.deepEqual(mapEmhMeasurements(service, tools, noAnnotations), []);
  assert.equal(mappings.length, 4);
});

test("without OHIF's cornerstone measurement source it says so", () => {
  const { service } = measurementService();
  assert.throws(
    () => mapEmhMeasurements({ ...service, getSource: () => undefined }, [{ toolName: 'EmhLiverRoi', shape: 'ellipse' }], noAnnotations),
    /no Cornerstone3DTools measurement source/,
  );
});

test("an OHIF measurement of ours maps back to our annotation in Cornerstone's state, and only to ours", () => {
  const { service, mappings } = measurementService();
  const held = new Map([
    ['a1', { annotationUID: 'a1', metadata: { toolName: 'EmhLesionAxes' }, data: { handles: { points: [[0, 0, 0]] } } }],
    ['b1', { annotationUID: 'b1', metadata: { toolName: 'Bidirectional' } }],
  ]);
  mapEmhMeasurements(service, [{ toolName: 'EmhLesionAxes', shape: 'axes' }], (uid) => held.get(uid));
  const lesion = mappings.find((m) => m.annotationType === 'EmhLesionAxes');
  assert.equal(lesion?.toAnnotationSchema({ uid: 'a1', toolName: 'EmhLesionAxes' }), held.get('a1'));
  assert.equal(lesion?.toAnnotationSchema({ uid: 'b1', toolName: 'EmhLesionAxes' }), null, "OHIF's own Bidirectional is not ours");
  assert.equal(lesion?.toAnnotationSchema({ uid: 'gone' }), null, 'a measurement whose annotation was removed');
  assert.equal(lesion?.toAnnotationSchema(null), null);
});
