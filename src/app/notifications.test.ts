import { test, mock } from 'node:test';
import assert from 'node:assert/strict';
import { Notifications } from './notifications';

test('information and warnings dismiss themselves after 6 s; errors stay until dismissed', () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  try {
    const notifications = new Notifications();
    notifications.show('info', 'Key image: image 24 marked');
    notifications.show('warning', 'Clear 3 annotations?');
    const error = notifications.show('error', 'Could not open the study: server down');
    assert.equal(notifications.current().length, 3);
    mock.timers.tick(5999);
    assert.equal(notifications.current().length, 3);
    mock.timers.tick(1);
    assert.deepEqual(
      notifications.current().map((n) => n.level),
      ['error'],
    );
    mock.timers.tick(60_000);
    assert.deepEqual(
      notifications.current().map((n) => n.id),
      [error],
    );
    notifications.dismiss(error);
    assert.equal(notifications.current().length, 0);
  } finally {
    mock.timers.reset();
  }
});

test('a notice asked to stay (timeout 0) stays; no more than five show at once', () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  try {
    const notifications = new Notifications();
    notifications.show('warning', 'Same ID, another name', 0);
    for (let i = 0; i < 6; i++) notifications.show('error', `error ${i}`);
    assert.equal(notifications.current().length, 5);
    mock.timers.tick(60_000);
    assert.equal(notifications.current().length, 5);
  } finally {
    mock.timers.reset();
  }
});
