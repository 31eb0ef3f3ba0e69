/**
 * A batch of windows as the sensor hands them to a classifier: each distinct packet row once, and each window
 * as the rows of its steps. At stride 1 a group's consecutive windows share all but one packet, so a
 * classifier that projects each row once (the fast LSTM) does a tenth of the input work of one that reads
 * every window's every step; `denseWindows` gives the n × steps × width form that tfjs takes.
 */

export interface WindowInputs {
  /** Windows. */
  readonly n: number;
  readonly steps: number;
  /** Per-packet features per row (normalised). */
  readonly rowWidth: number;
  /** Window features per window (normalised), appended to every step of it; may be 0. */
  readonly tailWidth: number;
  /** Distinct packet rows, rowWidth floats each (the array may be longer). */
  readonly rows: Float32Array;
  readonly rowCount: number;
  /** n × steps: the row of window j's step t at j · steps + t. */
  readonly rowIndex: Int32Array;
  /** n × tailWidth. */
  readonly tails: Float32Array;
}

/** The windows as n × steps × (rowWidth + tailWidth) floats, each step its row then its window's tail. */
export function denseWindows(w: WindowInputs): Float32Array {
  const { n, steps, rowWidth: P, tailWidth: Q } = w;
  const W = P + Q;
  const x = new Float32Array(n * steps * W);
  for (let j = 0; j < n; j++) {
    for (let t = 0; t < steps; t++) {
      const at = (j * steps + t) * W;
      const r = w.rowIndex[j * steps + t];
      for (let i = 0; i < P; i++) x[at + i] = w.rows[r * P + i];
      for (let i = 0; i < Q; i++) x[at + P + i] = w.tails[j * Q + i];
    }
  }
  return x;
}

/** Dense windows (n × steps × width) as WindowInputs: every step its own row, no tail. */
export function windowsAsRows(x: Float32Array, n: number, steps: number, width: number): WindowInputs {
  const rowIndex = new Int32Array(n * steps);
  for (let i = 0; i < rowIndex.length; i++) rowIndex[i] = i;
  return {
    n,
    steps,
    rowWidth: width,
    tailWidth: 0,
    rows: x,
    rowCount: n * steps,
    rowIndex,
    tails: new Float32Array(0),
  };
}
