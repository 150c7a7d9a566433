import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { recogniseEchoSeries, type EchoImage } from './echoTrain';

const TE = Array.from({ length: 12 }, (_, i) => Number((0.99 + i * 1.3736).toFixed(2)));

const image = (
  id: string,
  echoTimeMs: number | null,
  slicePositionMm: number | null,
  imageType = ['ORIGINAL', 'PRIMARY', 'M', 'ND'],
): EchoImage => ({
  id,
  echoTimeMs,
  slicePositionMm,
  imageType,
});

describe('T2* series recognition', () => {
  it('groups twelve echoes at each of two positions, in TE order, and describes the series', () => {
    const images = [10, 20].flatMap((z) => [...TE].reverse().map((te) => image(`${z}/${te}`, te, z)));
    const series = recogniseEchoSeries(images);
    assert.equal(series.kind, 't2star');
    if (series.kind !== 't2star') return;
    assert.equal(series.trains.length, 2);
    assert.deepEqual(
      series.trains[0]!.echoes.map((e) => e.echoTimeMs),
      TE,
    );
    assert.equal(series.trains[1]!.slicePositionMm, 20);
    assert.equal(series.description, 'T2*: 12 echoes, TE 0.99-16.1 ms');
  });

  it('refuses a series of phase images with the reason', () => {
    const series = recogniseEchoSeries(TE.map((te) => image(String(te), te, 0, ['ORIGINAL', 'PRIMARY', 'P', 'ND'])));
    assert.deepEqual(series, { kind: 'refused', reason: 'Phase images (ImageType P): R2* and T2* are measured on magnitude images' });
  });

  it('keeps the magnitudes of a series that holds magnitude and phase', () => {
    const images = TE.flatMap((te) => [image(`m${te}`, te, 0), image(`p${te}`, te, 0, ['ORIGINAL', 'PRIMARY', 'PHASE'])]);
    const series = recogniseEchoSeries(images);
    assert.ok(series.kind === 't2star' && series.trains[0]!.echoes.every((e) => e.id.startsWith('m')));
  });

  it('is not a T2* series with one or two echo times (an ordinary T1 or T2 stack)', () => {
    assert.deepEqual(recogniseEchoSeries([0, 5, 10].map((z) => image(String(z), 12, z))), { kind: 'not-multi-echo' });
    assert.deepEqual(recogniseEchoSeries([image('a', 12, 0), image('b', 90, 0)]), { kind: 'not-multi-echo' });
  });
});
