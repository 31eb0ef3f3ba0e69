import { describe, expect, it } from 'vitest';
import { parseFilter } from '../../core/query/filter-parser.ts';
import { andFilter, useExplore } from './explore-store.ts';

describe('andFilter', () => {
  it.each([
    ['', 'tcp', 'tcp'],
    ['tcp', 'ip.src == 10.0.0.1', 'tcp && ip.src == 10.0.0.1'],
    ['tcp || udp', 'ip.ttl == 64', '(tcp || udp) && ip.ttl == 64'],
    [
      'dns or icmp',
      'ip.addr == 10.0.0.1 && ip.addr == 10.0.0.2',
      '(dns or icmp) && ip.addr == 10.0.0.1 && ip.addr == 10.0.0.2',
    ],
    ['tcp', 'udp.port == 53 || udp.port == 5353', 'tcp && (udp.port == 53 || udp.port == 5353)'],
  ])('%s + %s', (a, b, want) => {
    expect(andFilter(a, b)).toBe(want);
    expect(parseFilter(want).ok).toBe(true);
  });
});

describe('explore store', () => {
  it('applies the draft, and narrowing applies at once', () => {
    const s = useExplore.getState();
    s.setDraft(' tcp ');
    expect(useExplore.getState().applied).toBe('');
    s.apply();
    expect(useExplore.getState().applied).toBe('tcp');
    const at = useExplore.getState().appliedAt;
    s.narrow('tcp.dstport == 80');
    expect(useExplore.getState()).toMatchObject({
      draft: 'tcp && tcp.dstport == 80',
      applied: 'tcp && tcp.dstport == 80',
      appliedAt: at + 1,
    });
  });
});
