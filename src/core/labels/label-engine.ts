/**
 * Keeps the label column of one table in step with a LabelState, doing as little as the edit allows.
 *
 * Labelling is interactive: brush a range, add a rule, look, undo. Each rule remembers its delta (the rows
 * it changed and their class before), so appending a rule touches only its rows and removing the last
 * rules writes their old classes back. An edit further up the list undoes back to it and re-applies what
 * follows when that is cheaper than starting again from the base; anything else (base changed, a class
 * removed) recomputes from the base. Every path gives the same labels as applying all rules in order.
 *
 * Hot loops run over typed arrays between two binary searches of the time column (rowRange), with the
 * filter's mask given by the caller (the engine worker caches masks by filter text).
 */
import { rowRange } from '../query/bins-range.ts';
import type { PacketTable } from '../table/packet-table.ts';
import { fillBase, validClassIds } from './label-base.ts';
import { maxClassId } from './label-set.ts';
import { sameBase, sameEffect, type LabelBase, type LabelRule, type LabelState } from './rules.ts';

/** null mask = every row. */
export type MaskOf = (filter: string) => { ok: true; mask: Uint8Array | null } | { ok: false; message: string };

export interface LabelOutcome {
  /** Class id per row (table order); the engine's own array, do not keep across updates. */
  readonly labels: Uint8Array;
  /** counts[classId] packets (length = max id + 1). */
  readonly counts: readonly number[];
  /** Per rule (same order as state.rules): packets it matched (range ∩ filter), 0 when disabled, or an error message (bad filter). */
  readonly perRule: readonly (number | string)[];
  /** 'incremental' when rules were applied on top of the previous labels (after undoing some, if need be). */
  readonly mode: 'incremental' | 'undo' | 'full';
  readonly ms: number;
}

/** The rows one rule changed, and the class each had before, so the rule can be taken back. */
interface RuleDelta {
  readonly rows: Uint32Array;
  readonly old: Uint8Array;
}

interface AppliedRule {
  readonly rule: LabelRule;
  readonly matched: number | string;
  /** null once dropped to bound memory: the rule can then only be taken back by a full recompute. */
  delta: RuleDelta | null;
}

const NO_CHANGE: RuleDelta = { rows: new Uint32Array(0), old: new Uint8Array(0) };
/** Bytes of a delta per changed row: its index and its old class. */
const DELTA_ROW_BYTES = 5;

export interface LabelEngineLimits {
  /** Deltas kept (rules that changed no row do not count). */
  readonly maxDeltas: number;
  readonly maxDeltaBytes: number;
}

export const DEFAULT_ENGINE_LIMITS: LabelEngineLimits = { maxDeltas: 64, maxDeltaBytes: 64 * 1024 * 1024 };

export class LabelEngine {
  private readonly labels: Uint8Array;
  /** Packets per class id, kept up to date by every path. */
  private readonly counts = new Float64Array(256);
  private applied: AppliedRule[] = [];
  private base: LabelBase | null = null;
  private valid: Uint8Array = new Uint8Array(256);
  private deltaBytes = 0;
  private deltaCount = 0;
  // Where a rule writes the rows it changes before they are copied out at their exact size.
  private scratchRows: Uint32Array | null = null;
  private scratchOld: Uint8Array | null = null;

  constructor(
    private readonly table: PacketTable,
    private readonly limits: LabelEngineLimits = DEFAULT_ENGINE_LIMITS,
  ) {
    this.labels = new Uint8Array(table.rowCount);
  }

  /** Brings the label column to `state`, by the cheapest path that gives the same result as a full recompute. */
  update(state: LabelState, maskOf: MaskOf): LabelOutcome {
    const t0 = performance.now();
    const valid = validClassIds(state.set);
    const mode = this.canReuse(state, valid) ? this.edit(state, maskOf, valid) : this.recompute(state, maskOf, valid);
    this.valid = valid;
    const counts = Array.from(this.counts.subarray(0, maxClassId(state.set) + 1));
    return {
      labels: this.labels,
      counts,
      perRule: this.applied.map((a) => a.matched),
      mode,
      ms: performance.now() - t0,
    };
  }

  /** Whether the previous labels are a valid starting point: same base, and the classes they used mean the same. */
  private canReuse(state: LabelState, valid: Uint8Array): boolean {
    if (this.base === null || !sameBase(this.base, state.base)) return false;
    const b = state.base;
    if (b.kind === 'column')
      for (const id of Object.values(b.map)) if (this.valid[id & 255] !== valid[id & 255]) return false;
    const keep = commonPrefix(this.applied, state.rules);
    for (let i = 0; i < keep; i++) {
      const id = this.applied[i].rule.classId & 255;
      if (this.valid[id] !== valid[id]) return false;
    }
    return true;
  }

  /** Undo back to the first rule that differs, then apply the rest; falls back to a recompute when cheaper. */
  private edit(state: LabelState, maskOf: MaskOf, valid: Uint8Array): LabelOutcome['mode'] {
    const keep = commonPrefix(this.applied, state.rules);
    let undoCost = 0;
    for (let i = keep; i < this.applied.length; i++) {
      const d = this.applied[i].delta;
      if (d === null) return this.recompute(state, maskOf, valid);
      undoCost += d.rows.length;
    }
    let applyCost = 0;
    let allCost = this.table.rowCount;
    for (let i = 0; i < state.rules.length; i++) {
      const span = this.ruleRows(state.rules[i]);
      allCost += span;
      if (i >= keep) applyCost += span;
    }
    if (undoCost + applyCost > allCost) return this.recompute(state, maskOf, valid);
    const undone = this.applied.length - keep;
    for (let i = this.applied.length - 1; i >= keep; i--) this.undo(this.applied[i]);
    this.applied.length = keep;
    for (let i = keep; i < state.rules.length; i++) this.applied.push(this.apply(state.rules[i], maskOf, valid));
    return state.rules.length === keep && undone > 0 ? 'undo' : 'incremental';
  }

  private recompute(state: LabelState, maskOf: MaskOf, valid: Uint8Array): 'full' {
    this.forgetDeltas();
    fillBase(this.table, state.base, valid, this.labels);
    this.base = state.base;
    this.counts.fill(0);
    const { labels, counts } = this;
    for (let r = 0; r < labels.length; r++) counts[labels[r]]++;
    for (const rule of state.rules) this.applied.push(this.apply(rule, maskOf, valid));
    return 'full';
  }

  /** Rows a rule's range spans, 0 when it is disabled: what applying it costs. */
  private ruleRows(rule: LabelRule): number {
    if (!rule.enabled) return 0;
    const { start, end } = rowRange(this.table, rule.range);
    return end - start;
  }

  private apply(rule: LabelRule, maskOf: MaskOf, valid: Uint8Array): AppliedRule {
    if (!rule.enabled) return { rule, matched: 0, delta: NO_CHANGE };
    const cls = rule.classId;
    if (!Number.isInteger(cls) || cls < 0 || cls > 255 || !valid[cls])
      return { rule, matched: `class ${cls} is not a class of this capture`, delta: NO_CHANGE };
    let mask: Uint8Array | null = null;
    if (rule.filter.trim() !== '') {
      const m = maskOf(rule.filter);
      if (!m.ok) return { rule, matched: m.message, delta: NO_CHANGE };
      if (m.mask && m.mask.length < this.table.rowCount)
        return { rule, matched: 'the filter mask is shorter than the table', delta: NO_CHANGE };
      mask = m.mask;
    }
    const { start, end } = rowRange(this.table, rule.range);
    const n = this.table.rowCount;
    if (!this.scratchRows || !this.scratchOld) {
      this.scratchRows = new Uint32Array(n);
      this.scratchOld = new Uint8Array(n);
    }
    const rows = this.scratchRows;
    const old = this.scratchOld;
    const labels = this.labels;
    const counts = this.counts;
    let matched = 0;
    let k = 0;
    if (mask) {
      for (let r = start; r < end; r++) {
        if (mask[r] === 0) continue;
        matched++;
        const o = labels[r];
        if (o !== cls) {
          rows[k] = r;
          old[k] = o;
          k++;
          labels[r] = cls;
          counts[o]--;
        }
      }
    } else {
      matched = end - start;
      for (let r = start; r < end; r++) {
        const o = labels[r];
        if (o !== cls) {
          rows[k] = r;
          old[k] = o;
          k++;
          labels[r] = cls;
          counts[o]--;
        }
      }
    }
    counts[cls] += k;
    const delta = k === 0 ? NO_CHANGE : { rows: rows.slice(0, k), old: old.slice(0, k) };
    const applied: AppliedRule = { rule, matched, delta };
    this.remember(applied);
    return applied;
  }

  private undo(a: AppliedRule): void {
    const d = a.delta;
    if (d === null || d === NO_CHANGE) return;
    const { labels, counts } = this;
    const { rows, old } = d;
    const cls = a.rule.classId;
    for (let k = 0; k < rows.length; k++) {
      const o = old[k];
      labels[rows[k]] = o;
      counts[o]++;
    }
    counts[cls] -= rows.length;
    this.release(a);
  }

  /** Keeps the new delta and drops the oldest ones beyond the limits. */
  private remember(a: AppliedRule): void {
    const d = a.delta;
    if (d === null || d === NO_CHANGE) return;
    this.deltaBytes += d.rows.length * DELTA_ROW_BYTES;
    this.deltaCount++;
    for (
      let i = 0;
      i < this.applied.length &&
      (this.deltaCount > this.limits.maxDeltas || this.deltaBytes > this.limits.maxDeltaBytes);
      i++
    ) {
      this.release(this.applied[i]);
    }
    // The new rule itself (not yet in `applied`) goes too when it alone is over the byte limit.
    if (this.deltaBytes > this.limits.maxDeltaBytes) this.release(a);
  }

  private release(a: AppliedRule): void {
    const d = a.delta;
    if (d === null || d === NO_CHANGE) return;
    this.deltaBytes -= d.rows.length * DELTA_ROW_BYTES;
    this.deltaCount--;
    a.delta = null;
  }

  private forgetDeltas(): void {
    for (const a of this.applied) this.release(a);
    this.applied = [];
  }
}

/** How many leading rules give the same labels in both lists. */
function commonPrefix(applied: readonly AppliedRule[], rules: readonly LabelRule[]): number {
  const n = Math.min(applied.length, rules.length);
  let i = 0;
  while (i < n && sameEffect(applied[i].rule, rules[i])) i++;
  return i;
}
