import { errorMessage } from '../util/errorMessage';
/**
 * dicom-parser's exceptions in words a person understands. Its messages name its own functions
 * and parameters ("parameter 'position' cannot be greater than or equal to 'byteArray' length");
 * the user needs to know whether the file was cut short or is damaged, and where.
 */
export function explainParseError(error: unknown): string {
  // dicom-parser throws an Error, a string, or {exception, dataSet} with the partial parse.
  const inner = typeof error === 'object' && error !== null && 'exception' in error ? (error as { exception: unknown }).exception : error;
  const message = errorMessage(inner);
  if (/DICM prefix not found/.test(message)) return 'not a DICOM file (no DICM marker at byte 128)';
  if (/past end|overrun|overread|beyond|exceed|end of buffer|greater than or equal to 'byteArray' length/i.test(message)) {
    return 'truncated: the file ends in the middle of a DICOM element';
  }
  if (/maxP ?osition/.test(message)) return "corrupt DICOM: an element's length runs past the end of the file";
  if (/less than 0/.test(message)) return "corrupt DICOM: an element's length or position is negative";
  const item = /item tag \(FFFE,E000\) not found at offset (\d+)/.exec(message);
  if (item) return `corrupt DICOM: a sequence item is missing at byte ${item[1]}`;
  if (/0002,0010/.test(message)) return 'corrupt DICOM: the file meta header has no Transfer Syntax UID (0002,0010)';
  const bomb = /would inflate to more than (\d+) bytes/.exec(message);
  if (bomb)
    return `corrupt DICOM: the deflated data set expands past ${Math.round(Number(bomb[1]) / 1024 / 1024)} MiB, far beyond any real DICOM`;
  if (/inflat/i.test(message)) return 'corrupt DICOM: the deflated data set cannot be inflated';
  return "corrupt DICOM: the file's structure cannot be read";
}
