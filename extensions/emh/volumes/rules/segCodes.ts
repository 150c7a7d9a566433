/**
 * What a lesion's segment is, in codes (PS3.16): category CID 7150 "Segmentation Property
 * Categories", type CID 7151 "Segmentation Property Types". EMH is a mass of haematopoietic
 * tissue, so "Mass" (SCT 4147007), a member of CID 7151, under "Morphologically Abnormal
 * Structure" (SCT 49755003) of CID 7150. The SEG test checks both against pydicom's copy of
 * those context groups.
 */

export interface CodedConcept {
  readonly CodeValue: string;
  readonly CodingSchemeDesignator: string;
  readonly CodeMeaning: string;
}

export const MORPHOLOGICALLY_ABNORMAL_STRUCTURE: CodedConcept = {
  CodeValue: '49755003',
  CodingSchemeDesignator: 'SCT',
  CodeMeaning: 'Morphologically Abnormal Structure',
};

export const MASS: CodedConcept = { CodeValue: '4147007', CodingSchemeDesignator: 'SCT', CodeMeaning: 'Mass' };

/** PS3.16 CID 7202: why each frame cites its source image. */
export const SOURCE_IMAGE_FOR_PROCESSING: CodedConcept = {
  CodeValue: '121322',
  CodingSchemeDesignator: 'DCM',
  CodeMeaning: 'Source image for image processing operation',
};

/** PS3.16 CID 7203: how the frame was derived. */
export const SEGMENTATION_DERIVATION: CodedConcept = { CodeValue: '113076', CodingSchemeDesignator: 'DCM', CodeMeaning: 'Segmentation' };

export const SEGMENTATION_STORAGE = '1.2.840.10008.5.1.4.1.1.66.4';
