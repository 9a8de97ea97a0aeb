/** Rules about links: which network each joins, and link impairments. */
import type { ConfigIssue } from '../../errors/hatcp-error.js';
import type { Problem } from '../problem.js';
import type { Impairment } from '../types.js';
import { formatDuration } from '../units.js';
import { issueAt, linksOf, useOneOf, type Rule } from './rule.js';

/** A link names a network the file does not define. */
export const unknownNetwork: Rule = {
  name: 'unknown-network',
  check(topology, ctx) {
    const names = topology.networks.map((network) => network.name);
    return linksOf(topology)
      .filter(({ link }) => !names.includes(link.network))
      .map(({ link, path }) =>
        issueAt(
          ctx,
          [...path, 'network'],
          `${link.network} is not a network of this topology (it has ${names.join(', ')})`,
          `${useOneOf(names)}, or define ${link.network} under networks`,
        ),
      );
  },
};

/** A node joins the same network through two links. */
export const networkLinkedTwice: Rule = {
  name: 'network-linked-twice',
  check(topology, ctx) {
    const issues: ConfigIssue[] = [];
    for (const node of topology.nodes) {
      const first = new Map<string, number>();
      node.links.forEach((link, index) => {
        const earlier = first.get(link.network);
        if (earlier === undefined) {
          first.set(link.network, index);
          return;
        }
        const earlierField = ctx.place(['nodes', node.name, 'links', earlier]).field;
        issues.push(
          issueAt(
            ctx,
            ['nodes', node.name, 'links', index, 'network'],
            `${node.name} is already on ${link.network} through ${earlierField}`,
            'a node joins each network once; give it more addresses there with addresses:',
          ),
        );
      });
    }
    return issues;
  },
};

/** What is wrong with an impairment that has jitter but no delay (netem needs a delay to vary), if it has. */
export function jitterWithoutDelayProblem(impair: Impairment | undefined): Problem | undefined {
  if (impair?.jitterMs === undefined || impair.delayMs !== undefined) return undefined;
  return { message: `jitter ${formatDuration(impair.jitterMs)} needs a delay`, hint: 'add a delay next to it (e.g. delay: 20ms), or remove jitter' };
}

/** A link has jitter but no delay. */
export const jitterWithoutDelay: Rule = {
  name: 'jitter-without-delay',
  check(topology, ctx) {
    return linksOf(topology).flatMap(({ link, path }) => {
      const problem = jitterWithoutDelayProblem(link.impair);
      return problem ? [issueAt(ctx, [...path, 'impair', 'jitter'], problem.message, problem.hint)] : [];
    });
  },
};
