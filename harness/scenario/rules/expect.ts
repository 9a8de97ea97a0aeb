/** Rules about expectations: each must be something the run can measure. */
import type { ConfigIssue } from '../../errors/hatcp-error.js';
import { issueAt } from '../../topology/rules/rule.js';
import type { ScenarioRule } from './rule.js';

/** max_recover and max_stall are measured around faults: without a fault there is nothing to measure. */
export const expectationWithoutFault: ScenarioRule = {
  name: 'expectation-without-fault',
  check(scenario, ctx) {
    if (scenario.faults.length > 0) return [];
    const fields = [
      ...(scenario.expect.maxRecoverMs !== undefined ? ['max_recover'] : []),
      ...(scenario.expect.maxStallMs !== undefined ? ['max_stall'] : []),
    ];
    return fields.map((field): ConfigIssue =>
      issueAt(ctx, ['expect', field], 'cannot be checked: it is measured around faults, and the scenario has none', `add a fault under faults:, or remove ${field}`),
    );
  },
};
