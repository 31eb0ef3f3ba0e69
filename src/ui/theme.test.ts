import { describe, expect, it } from 'vitest';
import { chartTheme, themedLayout } from './theme.ts';

const layout = {
  margin: { l: 1, r: 2, t: 3, b: 4 },
  xaxis: { type: 'date' as const },
  yaxis: { title: { text: 'packets' } },
  showlegend: true,
};

describe('themedLayout', () => {
  it.each(['light', 'dark'] as const)('gives a %s figure the theme colours, every axis through a template', (s) => {
    const theme = chartTheme(s);
    const out = themedLayout(layout, theme);
    expect(out).toMatchObject({ ...layout, paper_bgcolor: theme.paper, plot_bgcolor: theme.plot });
    expect(out.font).toEqual({ color: theme.ink });
    const axis = { gridcolor: theme.grid, linecolor: theme.line, zerolinecolor: theme.line };
    expect(out.template).toEqual({ layout: { xaxis: axis, yaxis: axis } });
  });

  it('keeps what the figure sets itself', () => {
    const own = { ...layout, paper_bgcolor: '#123456', font: { size: 10, color: '#abcdef' }, template: 'none' };
    const out = themedLayout(own, chartTheme('dark'));
    expect(out).toMatchObject({ paper_bgcolor: '#123456', font: { size: 10, color: '#abcdef' }, template: 'none' });
    expect(out.plot_bgcolor).toBe(chartTheme('dark').plot);
  });

  it('dark is dark and light is light', () => {
    const lum = (hex: string): number => Number.parseInt(hex.slice(1, 3), 16) / 255;
    expect(lum(chartTheme('dark').paper)).toBeLessThan(0.2);
    expect(lum(chartTheme('dark').ink)).toBeGreaterThan(0.7);
    expect(lum(chartTheme('light').paper)).toBeGreaterThan(0.9);
    expect(lum(chartTheme('light').ink)).toBeLessThan(0.2);
  });
});
