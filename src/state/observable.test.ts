import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { Channel, Observable } from './observable';

class Counter extends Observable<number> {
  count = 0;
  add(n: number): void {
    this.count += n;
    this.notify(n);
  }
}

describe('the observable store', () => {
  it('tells every listener of a change, and counts the changes in its version', () => {
    const counter = new Counter();
    const heard: string[] = [];
    counter.subscribe((n) => heard.push(`a${n}`));
    counter.subscribe((n) => heard.push(`b${n}`));
    assert.equal(counter.version(), 0);
    counter.add(2);
    counter.add(3);
    assert.deepEqual(heard, ['a2', 'b2', 'a3', 'b3']);
    assert.equal(counter.version(), 2);
    assert.equal(counter.count, 5);
  });

  it('stops telling a listener once it unsubscribed (one removed during a change still hears that change)', () => {
    const counter = new Counter();
    const heard: string[] = [];
    const stopB = (): void => undefined;
    let unsubscribeB = stopB;
    counter.subscribe(() => {
      heard.push('a');
      unsubscribeB();
    });
    unsubscribeB = counter.subscribe(() => heard.push('b'));
    counter.add(1);
    counter.add(1);
    assert.deepEqual(heard, ['a', 'b', 'a']);
  });

  it('keeps telling the others when one listener throws', () => {
    const counter = new Counter();
    const heard: number[] = [];
    const originalError = console.error;
    console.error = () => undefined;
    try {
      counter.subscribe(() => {
        throw new Error('broken panel');
      });
      counter.subscribe((n) => heard.push(n));
      counter.add(7);
    } finally {
      console.error = originalError;
    }
    assert.deepEqual(heard, [7]);
  });

  it('lets a channel emit its events from outside', () => {
    const images = new Channel<string>();
    const heard: string[] = [];
    const stop = images.subscribe((id) => heard.push(id));
    images.emit('one');
    stop();
    images.emit('two');
    assert.deepEqual(heard, ['one']);
    assert.equal(images.version(), 2);
  });
});
