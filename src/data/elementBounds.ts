import type { DataSet } from 'dicom-parser';

/**
 * Whether some element's value runs past the end of the bytes. dicom-parser accepts such a file
 * when the cut falls inside a value of known length, and throws only when the value is read.
 */
export function endsInsideAnElement(dataSet: DataSet, end = dataSet.byteArray.length): boolean {
  for (const element of Object.values(dataSet.elements)) {
    if (element.dataOffset + (element.length ?? 0) > end && !element.hadUndefinedLength) return true;
    for (const item of element.items ?? []) {
      if (item.dataSet && endsInsideAnElement(item.dataSet, end)) return true;
    }
  }
  return false;
}
