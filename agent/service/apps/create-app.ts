import type { App, AppName } from '../app.js';
import { createEchoApp } from './echo.js';
import { createKvApp } from './kv.js';
import { createStampApp } from './stamp.js';

/** A fresh instance of the named application, for one connection. */
export function createApp(name: AppName): App {
  switch (name) {
    case 'echo':
      return createEchoApp();
    case 'kv':
      return createKvApp();
    case 'stamp':
      return createStampApp();
  }
}
