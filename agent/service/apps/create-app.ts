import type { App, Application, AppName, AppSpec } from '../app.js';
import { createEchoApp } from './echo.js';
import { startExecApplication } from './exec.js';
import { createKvApp } from './kv.js';
import { createStampApp } from './stamp.js';

/** A fresh instance of an application that runs inside the agent, for one connection. */
export function createApp(name: Exclude<AppName, 'exec'>): App {
  switch (name) {
    case 'echo':
      return createEchoApp();
    case 'kv':
      return createKvApp();
    case 'stamp':
      return createStampApp();
  }
}

/** Starts the application `spec` names (for exec, its program) and gives fresh instances of it. */
export async function startApplication(spec: AppSpec, log: (line: string) => void): Promise<Application> {
  const { app } = spec;
  if (app !== 'exec') return { label: app, create: () => createApp(app), stop: async () => {} };
  if (!spec.exec) throw new Error('the exec application needs a command');
  return startExecApplication(spec.exec, log);
}
