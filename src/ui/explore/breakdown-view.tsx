/** One breakdown answer drawn: its tables, and for tcp.seq the per-stream plot. Nothing is computed here. */
import { useMemo, type ReactNode } from 'react';
import type { BreakdownData } from '../../workers/engine-messages.ts';
import { formatCount } from '../format.ts';
import {
  conversationsModel,
  destinationsSpec,
  flagsModel,
  protocolModel,
  seqFrequencyModel,
  sourcesSpec,
  talkersModel,
  tcpPortsSpec,
  topValuesModel,
  udpPortsSpec,
} from './breakdown-models.ts';
import { buildSeqFigure } from './breakdown-seq-figure.ts';
import { BreakdownTable, type RowLabeller } from './breakdown-table.tsx';
import type { TableModel } from './breakdown-table-model.ts';
import { PlotlyView } from './plotly-view.tsx';

interface Props {
  readonly data: BreakdownData;
  readonly onNarrow: (clause: string) => void;
  readonly labeller?: RowLabeller;
}

export function BreakdownView({ data, onNarrow, labeller }: Props): ReactNode {
  const models = useMemo(() => tableModels(data), [data]);
  return (
    <>
      <div className={`breakdown-grid breakdown-grid-${data.kind}`}>
        {models.map((m) => (
          <div key={m.label} className="breakdown-cell">
            <BreakdownTable model={m} onNarrow={onNarrow} labeller={labeller} />
          </div>
        ))}
      </div>
      {data.kind === 'seq' && <SeqPlot data={data} />}
    </>
  );
}

function tableModels(data: BreakdownData): readonly TableModel[] {
  switch (data.kind) {
    case 'protocols':
      return [protocolModel(data.root)];
    case 'talkers':
      return [
        talkersModel(data.talkers, data.src.total.packets),
        topValuesModel(data.src, sourcesSpec),
        topValuesModel(data.dst, destinationsSpec),
      ];
    case 'ports':
      return [topValuesModel(data.tcp, tcpPortsSpec), topValuesModel(data.udp, udpPortsSpec)];
    case 'conversations':
      return [conversationsModel(data.rows)];
    case 'flags':
      return [flagsModel(data.rows)];
    case 'seq':
      return [seqFrequencyModel(data.frequency)];
    default: {
      const never: never = data;
      return never;
    }
  }
}

function SeqPlot({ data }: { data: Extract<BreakdownData, { kind: 'seq' }> }): ReactNode {
  const { streams, streamCount } = data.streams;
  const figure = useMemo(() => buildSeqFigure(streams), [streams]);
  return (
    <figure className="breakdown-seq-plot">
      <figcaption>
        <strong>tcp.seq per stream over time</strong>
        <span className="muted">
          {' '}
          {formatCount(streams.length)} of {formatCount(streamCount)} streams with tcp.seq, most packets first; a jump
          in a stream shows as a step
        </span>
      </figcaption>
      {streams.length > 0 ? (
        <PlotlyView figure={figure} label="tcp.seq per stream over time" />
      ) : (
        <p className="muted">No packets with tcp.seq.</p>
      )}
    </figure>
  );
}
