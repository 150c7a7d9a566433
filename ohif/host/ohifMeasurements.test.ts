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

test('each EMH tool is mapped as the Cornerstone tool it extends, once', () => {
  const { service, mappings } = measurementService();
  const tools = [
    { toolName: 'EmhLesionAxes', shape: 'axes' as const },
    { toolName: 'EmhLiverRoi', shape: 'ellipse' as const },
  ];
  assert.deepEqual(mapEmhMeasurements(service, tools), ['EmhLesionAxes', 'EmhLiverRoi']);
  assert.deepEqual(mappings.find((m) => m.annotationType === 'EmhLesionAxes')?.matchingCriteria, ['bi']);
  assert.deepEqual(mappings.find((m) => m.annotationType === 'EmhLiverRoi')?.matchingCriteria, ['el']);
  const lesion = mappings.find((m) => m.annotationType === 'EmhLesionAxes');
  const detail = { annotation: { annotationUID: 'a1', metadata: { toolName: 'EmhLesionAxes' } } };
  assert.deepEqual(lesion?.toMeasurementSchema(detail), { toolName: 'EmhLesionAxes', displayText: 'measured' });
  assert.equal(detail.annotation.metadata.toolName, 'EmhLesionAxes', "OHIF's annotation keeps its tool name");
  // Registered again (the extension registered twice, a reload of the mode): nothing doubles.
  assert.deepEqual(mapEmhMeasurements(service, tools), []);
  assert.equal(mappings.length, 4);
});

test("without OHIF's cornerstone measurement source it says so", () => {
  const { service } = measurementService();
  assert.throws(
    () => mapEmhMeasurements({ ...service, getSource: () => undefined }, [{ toolName: 'EmhLiverRoi', shape: 'ellipse' }]),
    /no Cornerstone3DTools measurement source/,
  );
});
