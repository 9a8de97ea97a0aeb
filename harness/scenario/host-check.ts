/** Checks of a loaded scenario against this machine, run before anything is created. */
import { ConfigError, type ConfigIssue } from '../errors/hatcp-error.js';
import { featuresNeeded } from '../links/impair-commands.js';
import { sortIssues } from '../topology/issue-order.js';
import { placeInScenario, scenarioSourceOf } from './source.js';
import type { Scenario } from './types.js';

/** What this machine and build offer. */
export interface HostCapabilities {
  /** Whether the kernel has sch_netem (delay and jitter). */
  netem: boolean;
  /** The agent kinds this build can run. */
  installedAgents: readonly string[];
}

/** Throws a ConfigError, at the scenario's own lines, for an agent kind not installed or a fault that needs netem when it is absent. */
export function checkScenarioAgainstHost(scenario: Scenario, host: HostCapabilities): void {
  const source = scenarioSourceOf(scenario);
  const issue = (path: (string | number)[], message: string, hint: string): ConfigIssue => ({ ...placeInScenario(source, path), message, hint });
  const issues: ConfigIssue[] = [];
  if (!host.installedAgents.includes(scenario.agent.kind)) {
    const installed = host.installedAgents.join(', ') || 'none at all';
    issues.push(issue(['agent', 'kind'], `agent kind ${scenario.agent.kind} is not installed in this build (installed: ${installed})`, `use one of: ${installed}`));
  }
  for (const fault of scenario.faults) {
    const action = fault.action;
    if (host.netem || action.kind !== 'impair' || !featuresNeeded(action.impair).includes('sch_netem')) continue;
    const field = action.impair.delayMs !== undefined ? 'delay' : 'jitter';
    issues.push(
      issue(
        ['faults', fault.id, 'impair', field],
        `fault ${fault.id} needs sch_netem for its ${field}, and this kernel does not have it`,
        'remove delay and jitter from this fault (rate and loss work without netem), or run on a kernel with sch_netem (see hatcp doctor)',
      ),
    );
  }
  if (issues.length > 0) throw new ConfigError(sortIssues(issues));
}
