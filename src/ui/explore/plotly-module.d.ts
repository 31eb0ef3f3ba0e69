// The part of plotly.js-dist-min's API this app calls (the package ships no types).
declare module 'plotly.js-dist-min' {
  export interface PlotlyElement extends HTMLElement {
    on(event: 'plotly_relayout', cb: (e: Record<string, unknown>) => void): void;
    on(event: 'plotly_selected', cb: (e: unknown) => void): void;
    on(event: 'plotly_deselect', cb: () => void): void;
  }
  const Plotly: {
    react(el: HTMLElement, data: readonly object[], layout: object, config?: object): Promise<PlotlyElement>;
    purge(el: HTMLElement): void;
    /** A PNG as a data URL, of a plot on screen or of a figure object drawn off screen. */
    toImage(
      source: HTMLElement | { data: readonly object[]; layout: object },
      opts: { format: 'png'; width?: number; height?: number },
    ): Promise<string>;
    downloadImage(
      el: HTMLElement,
      opts: { format: 'png'; filename: string; width?: number; height?: number },
    ): Promise<string>;
  };
  export default Plotly;
}
