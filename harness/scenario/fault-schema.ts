/** The zod schema of one fault in a scenario file: when, which nodes, and the action's own settings. */
import { z } from 'zod';
import { impairSchema } from '../topology/schema.js';
import { isMapping, refined } from '../topology/zod-helpers.js';
import { durationSchema, nodeRef, positive } from './values.js';

/** A fault names its nodes with either target or targets, never both. */
function checkTargets(fault: Record<string, unknown>, ctx: z.RefinementCtx): void {
  if (fault['target'] !== undefined && fault['targets'] !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['targets'], message: 'cannot be used together with target', params: { hint: 'use target: for one node or targets: [a, b] for several, not both' } });
  } else if (fault['target'] === undefined && fault['targets'] === undefined) {
    ctx.addIssue({ code: 'custom', path: [], message: 'has no target', params: { hint: 'add target: primary (a node name), or targets: [primary, standby]' } });
  }
}

/** Keys every fault takes. */
const faultCommon = {
  at: durationSchema('at', 'When it happens, as an offset from t0 (the traffic start).', '3s'),
  target: nodeRef.meta({ description: 'The node it applies to.' }).optional(),
  targets: refined(z.array(nodeRef), (list) => (list.length > 0 ? undefined : { message: 'is empty', hint: 'list at least one node, e.g. targets: [primary]' }))
    .meta({ description: 'The nodes it applies to, instead of target.' })
    .optional(),
};
const revertAfter = durationSchema('duration', 'Revert it after this long (resume, heal, or restore the link).', '2s', positive('duration', '2s')).optional();

/** A fault option: its action, its own keys, and the target/targets check. */
function faultOption<A extends string, S extends z.core.$ZodLooseShape>(action: A, description: string, shape: S) {
  return z
    .strictObject({ action: z.literal(action).meta({ description }), ...faultCommon, ...shape })
    .superRefine(checkTargets, { when: (payload) => isMapping(payload.value) })
    .meta({ description, oneOf: [{ required: ['target'] }, { required: ['targets'] }] });
}

/** One fault, by action. */
export const faultSchema = z.discriminatedUnion('action', [
  faultOption('crash', 'Fail-stop: the link goes down, then every process of the node is killed.', {}),
  faultOption('restart', 'A crashed node comes back; its application and agent start again.', {}),
  faultOption('pause', 'Freeze every process of the node (cgroup freezer).', { duration: revertAfter }),
  faultOption('resume', 'Thaw a paused node.', {}),
  faultOption('partition', 'Cut the targets off from peers: the bridge drops every frame between them (unicast, multicast, ARP).', {
    duration: revertAfter,
    peers: refined(z.array(nodeRef), (list) => (list.length > 0 ? undefined : { message: 'is empty', hint: 'list at least one node, or leave peers out to cut every other node' }))
      .meta({ description: 'The nodes the targets are cut off from (default: every other node).' })
      .optional(),
    direction: z.enum(['both', 'in', 'out']).default('both').meta({ description: 'out = targets cannot send to peers, in = cannot receive from them, both (default).' }),
  }),
  faultOption('heal', 'Remove the partition rules of the targets.', {}),
  faultOption('agent-kill', 'Kill only the agent process; the node keeps running.', {}),
  faultOption('impair', "Change the impairment of the target's link at run time.", {
    duration: revertAfter,
    network: z.string().meta({ description: "The network of the link (default: the target's only network).", examples: ['lan'] }).optional(),
    impair: impairSchema,
  }),
]);
