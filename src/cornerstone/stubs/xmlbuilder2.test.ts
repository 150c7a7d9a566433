import { test } from 'node:test';
import assert from 'node:assert/strict';
// A DOMParser for node: the one xmlbuilder2 itself is built on (the browser has its own).
import { DOMParser } from '@oozcitak/dom';
import { create } from './xmlbuilder2';

globalThis.DOMParser = DOMParser as unknown as typeof globalThis.DOMParser;

const VTP = `<?xml version="1.0"?>
<VTKFile type="PolyData" version="0.1" byte_order="LittleEndian" header_type="UInt32">
  <PolyData>
    <Piece NumberOfPoints="3" NumberOfPolys="1">
      <Points><DataArray type="Float32" NumberOfComponents="3" format="ascii">0 0 0 1 0 0 0 1 0</DataArray></Points>
    </Piece>
  </PolyData>
</VTKFile>`;

test('a VTP file reads as vtk.js walks it: create(xml).root().node, attributes, tags, text', () => {
  const root = create(VTP).root().node;
  assert.equal(root.getAttribute('type'), 'PolyData');
  assert.equal(root.getAttribute('byte_order'), 'LittleEndian');
  const piece = root.getElementsByTagName('PolyData')[0].getElementsByTagName('Piece')[0];
  assert.equal(piece.getAttribute('NumberOfPoints'), '3');
  const values = piece.getElementsByTagName('DataArray')[0].firstChild?.nodeValue?.trim().split(/\s+/).map(Number);
  assert.deepEqual(values, [0, 0, 0, 1, 0, 0, 0, 1, 0]);
});

test('XML that is not well formed is refused with a message, not walked', () => {
  assert.throws(() => create('<VTKFile><PolyData></VTKFile>'), /mesh's XML cannot be read/);
});
