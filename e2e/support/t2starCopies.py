"""Copies of the sample T2* series for e2e/t2star.spec.ts: the same images as phase (ImageType P,
new SOP and Series UIDs), and the echoes of the first position as one Enhanced MR object whose
frames carry their own EffectiveEchoTime. Usage: t2starCopies.py <mr-t2star folder> <out folder>."""
import sys
from pathlib import Path

import pydicom
from pydicom.dataset import Dataset
from pydicom.sequence import Sequence
from pydicom.uid import generate_uid

src, out = Path(sys.argv[1]), Path(sys.argv[2])
(out / 'phase').mkdir(parents=True, exist_ok=True)
files = sorted(src.glob('*.dcm'))
phase_series = generate_uid()
for f in files:
    ds = pydicom.dcmread(f)
    ds.ImageType = ['ORIGINAL', 'PRIMARY', 'P', 'ND']
    ds.SeriesInstanceUID = phase_series
    ds.SeriesNumber = int(ds.SeriesNumber) + 1
    ds.SeriesDescription = ds.SeriesDescription + ' PHASE'
    ds.SOPInstanceUID = generate_uid()
    ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    ds.save_as(out / 'phase' / f.name)

# Enhanced MR: the echoes of the first position, frames in the file's order (longest TE first,
# so the viewer has to sort by the frames' own echo times).
images = [pydicom.dcmread(f) for f in files]
first = images[0]
at_first = [d for d in images if list(d.ImagePositionPatient) == list(first.ImagePositionPatient)]
at_first.sort(key=lambda d: -float(d.EchoTime))
enh = Dataset()
enh.file_meta = first.file_meta.copy()
enh.file_meta.MediaStorageSOPClassUID = '1.2.840.10008.5.1.4.1.1.4.1'
enh.SOPClassUID = '1.2.840.10008.5.1.4.1.1.4.1'
enh.SOPInstanceUID = generate_uid()
enh.file_meta.MediaStorageSOPInstanceUID = enh.SOPInstanceUID
for keyword in ['PatientName', 'PatientID', 'PatientBirthDate', 'PatientSex', 'StudyInstanceUID', 'StudyDate',
                'StudyTime', 'StudyID', 'AccessionNumber', 'StudyDescription', 'FrameOfReferenceUID', 'Modality',
                'MagneticFieldStrength', 'Rows', 'Columns', 'SamplesPerPixel', 'PhotometricInterpretation',
                'BitsAllocated', 'BitsStored', 'HighBit', 'PixelRepresentation']:
    if keyword in first:
        setattr(enh, keyword, getattr(first, keyword))
enh.SeriesInstanceUID = generate_uid()
enh.SeriesNumber = int(first.SeriesNumber) + 2
enh.SeriesDescription = first.SeriesDescription + ' ENHANCED'
enh.InstanceNumber = 1
enh.ImageType = ['ORIGINAL', 'PRIMARY', 'M', 'NONE']
enh.NumberOfFrames = len(at_first)
enh.ContentDate = first.StudyDate
enh.ContentTime = first.StudyTime
shared = Dataset()
orientation = Dataset()
orientation.ImageOrientationPatient = first.ImageOrientationPatient
shared.PlaneOrientationSequence = Sequence([orientation])
measures = Dataset()
measures.PixelSpacing = first.PixelSpacing
measures.SliceThickness = first.get('SliceThickness', 5)
shared.PixelMeasuresSequence = Sequence([measures])
enh.SharedFunctionalGroupsSequence = Sequence([shared])
per_frame = []
for d in at_first:
    item = Dataset()
    position = Dataset()
    position.ImagePositionPatient = d.ImagePositionPatient
    item.PlanePositionSequence = Sequence([position])
    echo = Dataset()
    echo.EffectiveEchoTime = float(d.EchoTime)
    item.MREchoSequence = Sequence([echo])
    frame_type = Dataset()
    frame_type.FrameType = ['ORIGINAL', 'PRIMARY', 'M', 'NONE']
    item.MRImageFrameTypeSequence = Sequence([frame_type])
    per_frame.append(item)
enh.PerFrameFunctionalGroupsSequence = Sequence(per_frame)
enh.PixelData = b''.join(d.PixelData for d in at_first)
enh.is_little_endian = True
enh.is_implicit_VR = False
enh.save_as(out / 'enhanced.dcm', write_like_original=False)
