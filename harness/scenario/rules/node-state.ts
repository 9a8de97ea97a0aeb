/**
 * Rules that follow each node's state along the fault timeline (with the automatic reverts of timed
 * faults): a restart needs an earlier crash, a resume an earlier pause, a heal an earlier partition.
 */
import type { ConfigIssue } from '../../errors/hatcp-error.js';
import { faultTimeline } from '../../faults/timeline.js';
import { issueAt } from '../../topology/rules/rule.js';
import { formatDuration } from '../../topology/units.js';
import type { FaultAction, FaultSpec, Scenario } from '../types.js';
import { faultPath, type ScenarioRule } from './rule.js';

/** A state a fault puts nodes in, the action that ends it, and how to talk about it. */
interface StatePair {
  name: string;
  enter: FaultAction['kind'];
  leave: FaultAction['kind'];
  /** "crashed", "paused", "partitioned". */
  state: string;
}

/** Where a node entered the state: the fault, and whether a timed revert already ended it. */
interface Entered {
  fault: FaultSpec;
  revertedAt: number | undefined;
}

/** One rule per state: `leave` of a node that is not in the state at that time. */
function leaveWithoutEnter(pair: StatePair): ScenarioRule {
  return {
    name: pair.name,
    check(scenario, ctx) {
      const issues: ConfigIssue[] = [];
      const inState = new Map<string, Entered>();
      const last = new Map<string, Entered>();
      for (const step of faultTimeline(scenario.faults)) {
        const fault = faultById(scenario, step.fault);
        if (!fault) continue;
        if (step.action.kind === pair.enter) {
          for (const node of step.targets) {
            if (step.revert) {
              inState.delete(node);
              last.set(node, { fault, revertedAt: step.atMs });
            } else {
              inState.set(node, { fault, revertedAt: undefined });
              last.delete(node);
            }
          }
        }
        if (step.action.kind !== pair.leave || step.revert) continue;
        step.targets.forEach((node, j) => {
          if (inState.delete(node)) return;
          const at = formatDuration(step.atMs);
          const earlier = last.get(node);
          const hint = earlier?.revertedAt !== undefined
            ? `the ${pair.enter} at ${formatDuration(earlier.fault.atMs)} already ends at ${formatDuration(earlier.revertedAt)} (its duration): remove this ${pair.leave}, or remove that duration`
            : `add a ${pair.enter} of ${node} before ${at}, or remove this ${pair.leave}`;
          issues.push(issueAt(ctx, faultPath(fault, 'targets', j), `${node} is not ${pair.state} at ${at}, so there is nothing to ${pair.leave}`, hint));
        });
      }
      return issues;
    },
  };
}

function faultById(scenario: Scenario, id: string): FaultSpec | undefined {
  return scenario.faults.find((fault) => fault.id === id);
}

/** A restart of a node that no earlier fault crashed. */
export const restartWithoutCrash = leaveWithoutEnter({ name: 'restart-without-crash', enter: 'crash', leave: 'restart', state: 'crashed' });
/** A resume of a node that is not paused then. */
export const resumeWithoutPause = leaveWithoutEnter({ name: 'resume-without-pause', enter: 'pause', leave: 'resume', state: 'paused' });
/** A heal of a node that is not partitioned then. */
export const healWithoutPartition = leaveWithoutEnter({ name: 'heal-without-partition', enter: 'partition', leave: 'heal', state: 'partitioned' });
