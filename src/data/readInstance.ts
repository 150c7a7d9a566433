import type { DataSet } from 'dicom-parser';
import { parseDicom } from './parseDicom';
import type { InstanceHeader } from './types';
import { isSupportedTransferSyntax, transferSyntaxName } from './transferSyntaxes';
import { missingPixelDataProblem, pixelAttributeProblem } from './pixelAttributes';
import { endsInsideAnElement } from './elementBounds';
import { explainParseError } from './parseErrors';

/** What reading one file's bytes gave: an image, a non-image document, or a refusal. */
export type ReadResult =
  | { kind: 'image'; header: InstanceHeader; headerDataSet: DataSet; fullDataSet: DataSet }
  | { kind: 'document'; header: InstanceHeader; description: string; dateTime: string }
  | { kind: 'refused'; reason: string };

const DICOMDIR_SOP_CLASS = '1.2.840.10008.1.3.10';
const SEGMENTATION_SOP_CLASS = '1.2.840.10008.5.1.4.1.1.66.4';
const PIXEL_DATA_TAGS = ['x7fe00010', 'x7fe00008', 'x7fe00009'];

/** Parses Part 10 bytes, inflating deflated transfer syntaxes, like the image loader does. */
export function parsePart10(bytes: Uint8Array): DataSet {
  return parseDicom(bytes);
}

export function readInstance(bytes: Uint8Array): ReadResult {
  if (bytes.byteLength < 132 + 4 || !hasDicmPrefix(bytes)) {
    return { kind: 'refused', reason: 'not a DICOM file (no DICM marker at byte 128)' };
  }
  let dataSet: DataSet;
  try {
    dataSet = parsePart10(bytes);
  } catch (error) {
    return { kind: 'refused', reason: explainParseError(error) };
  }
  if (endsInsideAnElement(dataSet)) return { kind: 'refused', reason: 'truncated: the file ends in the middle of a DICOM element' };
  const header = readHeader(dataSet);
  if (header.sopClassUID === DICOMDIR_SOP_CLASS) {
    return { kind: 'refused', reason: 'DICOMDIR index, not an image (load the files it lists)' };
  }
  const pixelElementTag = PIXEL_DATA_TAGS.find((tag) => dataSet.elements[tag]);
  if (!pixelElementTag) {
    const missingPixels = missingPixelDataProblem(dataSet);
    if (missingPixels) return { kind: 'refused', reason: missingPixels };
    return { kind: 'document', header, description: documentDescription(dataSet), dateTime: documentDateTime(dataSet) };
  }
  if (!header.sopInstanceUID || !header.seriesInstanceUID || !header.studyInstanceUID) {
    return { kind: 'refused', reason: 'missing attributes: SOP Instance, Series or Study Instance UID' };
  }
  if (!header.rows || !header.columns) {
    return { kind: 'refused', reason: 'missing attributes: Rows / Columns' };
  }
  if (!isSupportedTransferSyntax(header.transferSyntaxUID)) {
    return {
      kind: 'refused',
      reason: `unsupported transfer syntax: ${transferSyntaxName(header.transferSyntaxUID)}`,
    };
  }
  const pixelProblem = pixelAttributeProblem(dataSet, pixelElementTag, header.transferSyntaxUID);
  if (pixelProblem) return { kind: 'refused', reason: pixelProblem };
  // A segmentation's frames are masks over another series, not pictures to show as a series of
  // their own: it joins its study's documents, for whoever understands it (checked as an image
  // first, so a damaged one is refused with the reason as before).
  if (header.sopClassUID === SEGMENTATION_SOP_CLASS) {
    return { kind: 'document', header, description: documentDescription(dataSet), dateTime: documentDateTime(dataSet) };
  }
  return { kind: 'image', header, headerDataSet: headerOnly(dataSet, pixelElementTag), fullDataSet: dataSet };
}

function hasDicmPrefix(bytes: Uint8Array): boolean {
  return bytes[128] === 0x44 && bytes[129] === 0x49 && bytes[130] === 0x43 && bytes[131] === 0x4d;
}

/**
 * A copy of everything before the pixel data, parsed on its own: the metadata provider keeps it
 * for the life of the study, and it must not pin the whole file's bytes in memory.
 */
function headerOnly(dataSet: DataSet, pixelTag: string): DataSet {
  const element = dataSet.elements[pixelTag];
  const transferSyntax = dataSet.string('x00020010') ?? '';
  if (transferSyntax === '1.2.840.10008.1.2.1.99') {
    return dataSet; // inflated bytes no longer match the file's meta header; rare enough to keep
  }
  return parseHeaderCopy(dataSet.byteArray.slice(0, element.dataOffset), pixelTag);
}

/** The header dataset of a copy of a file's bytes up to its pixel data (see headerOnly). */
export function parseHeaderCopy(copy: Uint8Array, pixelTag: string): DataSet {
  const header = parseDicom(copy, { untilTag: pixelTag });
  delete header.elements[pixelTag]; // parsed as an element header only; its data is not here
  return header;
}

function documentDescription(dataSet: DataSet): string {
  const sopClass = dataSet.string('x00080016') ?? '';
  const title = dataSet.string('x00420010') ?? dataSet.string('x0008103e') ?? '';
  const kind = sopClass.startsWith('1.2.840.10008.5.1.4.1.1.88')
    ? 'Structured report'
    : sopClass === '1.2.840.10008.5.1.4.1.1.104.1'
      ? 'PDF'
      : sopClass === SEGMENTATION_SOP_CLASS
        ? 'Segmentation'
        : 'Document';
  return title ? `${kind}: ${title}` : kind;
}

/** When the document's content was made (YYYYMMDDHHMMSS), else when its series was; '' if neither. */
function documentDateTime(dataSet: DataSet): string {
  const text = (tag: string): string => (dataSet.string(tag) ?? '').trim();
  const date = text('x00080023') || text('x00080021');
  const time = text('x00080023') ? text('x00080033') : text('x00080031');
  return date ? `${date}${time.split('.')[0].padEnd(6, '0')}` : '';
}

function numbers(dataSet: DataSet, tag: string, count: number): number[] | null {
  const text = dataSet.string(tag);
  if (!text) return null;
  const values = text.split('\\').map(Number);
  return values.length >= count && values.slice(0, count).every(Number.isFinite) ? values.slice(0, count) : null;
}

function optionalNumber(value: number | undefined): number | null {
  return value === undefined || Number.isNaN(value) ? null : value;
}

export function readHeader(dataSet: DataSet): InstanceHeader {
  const text = (tag: string): string => (dataSet.string(tag) ?? '').trim();
  const spacing = numbers(dataSet, 'x00280030', 2);
  const position = numbers(dataSet, 'x00200032', 3);
  const orientation = numbers(dataSet, 'x00200037', 6);
  const framePosition = position ?? firstFramePosition(dataSet);
  return {
    sopInstanceUID: text('x00080018'),
    sopClassUID: text('x00080016') || text('x00020002'),
    studyInstanceUID: text('x0020000d'),
    seriesInstanceUID: text('x0020000e'),
    frameOfReferenceUID: text('x00200052'),
    modality: text('x00080060'),
    instanceNumber: optionalNumber(dataSet.intString('x00200013')),
    numberOfFrames: Math.max(1, dataSet.intString('x00280008') ?? 1),
    rows: dataSet.uint16('x00280010') ?? 0,
    columns: dataSet.uint16('x00280011') ?? 0,
    pixelSpacing: spacing && spacing[0] > 0 && spacing[1] > 0 ? [spacing[0], spacing[1]] : null,
    imagePositionPatient: framePosition ? [framePosition[0], framePosition[1], framePosition[2]] : null,
    imageOrientationPatient: orientation
      ? [orientation[0], orientation[1], orientation[2], orientation[3], orientation[4], orientation[5]]
      : null,
    transferSyntaxUID: text('x00020010') || '1.2.840.10008.1.2',
    patientName: text('x00100010'),
    patientID: text('x00100020'),
    issuerOfPatientID: text('x00100021'),
    patientBirthDate: text('x00100030'),
    patientSex: text('x00100040'),
    patientAge: text('x00101010'),
    studyDate: text('x00080020'),
    studyTime: text('x00080030'),
    studyDescription: text('x00081030'),
    accessionNumber: text('x00080050'),
    seriesNumber: optionalNumber(dataSet.intString('x00200011')),
    seriesDescription: text('x0008103e'),
    protocolName: text('x00181030'),
    sequenceName: text('x00180024'),
    repetitionTime: optionalNumber(dataSet.floatString('x00180080')),
    echoTime: optionalNumber(dataSet.floatString('x00180081')),
    inversionTime: optionalNumber(dataSet.floatString('x00180082')),
    contrastBolusAgent: text('x00180010'),
    hasContrastBolusAgentSequence: Boolean(dataSet.elements.x00180012),
    hasContrastBolusUsageSequence: Boolean(dataSet.elements.x00189341),
  };
}

/** Enhanced multi-frame objects keep positions in the per-frame functional groups. */
function firstFramePosition(dataSet: DataSet): number[] | null {
  const perFrame = dataSet.elements.x52009230?.items?.[0]?.dataSet;
  const planePosition = perFrame?.elements.x00209113?.items?.[0]?.dataSet;
  return planePosition ? numbers(planePosition, 'x00200032', 3) : null;
}
