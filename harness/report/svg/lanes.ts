/** A label to place above or beside an x position. */
export interface LabelRequest {
  x: number;
  text: string;
}

/** Where a label went: its lane (0 = first) and which side of x it reads from. */
export interface PlacedLabel extends LabelRequest {
  lane: number;
  anchor: 'start' | 'end';
  /** Where its text starts (start) or ends (end). */
  textX: number;
}

/** Width of a label at 11 px in a system sans-serif, overestimated so that estimates do not touch. */
export function textWidth(s: string, px = 11): number {
  return s.length * px * 0.6;
}

/**
 * Greedy lanes: each label reads rightwards from its x (leftwards when it would leave the plot at
 * `right`) in the first lane where it does not touch the previous label; when every one of
 * `maxLanes` is taken, in the lane that frees up first (it may then overlap).
 */
export function placeLabels(requests: readonly LabelRequest[], right: number, maxLanes: number, px = 11): PlacedLabel[] {
  const ends: number[] = [];
  return [...requests].sort((a, b) => a.x - b.x).map((r) => {
    const w = textWidth(r.text, px);
    const anchor = r.x + 3 + w > right ? 'end' : 'start';
    const from = anchor === 'start' ? r.x : r.x - 3 - w;
    const to = anchor === 'start' ? r.x + 3 + w : r.x;
    let lane = ends.findIndex((end) => end + 4 <= from);
    if (lane === -1 && ends.length < maxLanes) lane = ends.length;
    if (lane === -1) lane = ends.indexOf(Math.min(...ends));
    ends[lane] = Math.max(ends[lane] ?? -Infinity, to);
    return { ...r, lane, anchor, textX: anchor === 'start' ? r.x + 3 : r.x - 3 };
  });
}

/** How many lanes a placement uses. */
export function laneCount(placed: readonly PlacedLabel[]): number {
  return placed.reduce((m, p) => Math.max(m, p.lane + 1), 0);
}
