import { describe, expect, it } from 'vitest';
import { alertRecord, closingRecord, eveTimeUs, eveTimestamp, type AlertFacts } from '../sensor/eve.ts';
import { alertsOf, scoreAlerts } from './record-eval.ts';

const S = 1e6;
const EP = { srcIp: '10.0.0.9', destIp: '10.0.0.1', srcPort: null, destPort: null, proto: 'TCP' };
const facts = (className: string): AlertFacts => ({
  flowKey: 'k',
  views: ['pair'],
  groups: ['hosts a and b'],
  classId: 1,
  className,
  score: 0.9,
  malicious: 5,
  votes: 5,
});
const episode = (
  tool: string,
  startS: number,
  endS: number,
): { tool: string; variant: string; startUs: number; endUs: number } => ({
  tool,
  variant: 'v',
  startUs: startS * S,
  endUs: endS * S,
});

describe('eveTimeUs', () => {
  it('reads back the timestamps the sensor writes, to the microsecond, and other offsets', () => {
    const us = 1795378378570535;
    expect(eveTimeUs(eveTimestamp(us))).toBe(us);
    expect(eveTimeUs('2026-11-22T14:13:57.067520-0500')).toBe(Date.UTC(2026, 10, 22, 19, 13, 57) * 1000 + 67520);
    expect(eveTimeUs('not a time')).toBeNaN();
  });
});

describe('scoreAlerts', () => {
  const records = [
    alertRecord(10.5 * S, EP, facts('hping3')),
    alertRecord(11 * S, EP, facts('hydra'), undefined, { phase: ['reclassified'], previous_class: ['hping3'] }),
    closingRecord(EP, {
      ...facts('hydra'),
      startUs: 10.5 * S,
      endUs: 30 * S,
      packets: 9,
      windows: 9,
      peak: 0.9,
      reason: 'timeout',
    }),
    alertRecord(100 * S, EP, facts('nmap')),
    alertRecord(3000 * S, EP, facts('ping')),
  ];

  it("counts alert records, not flow records, and reads each one's class, views and phase", () => {
    const a = alertsOf(records);
    expect(a.map((x) => [x.atUs / S, x.className, x.phase])).toEqual([
      [10.5, 'hping3', 'opened'],
      [11, 'hydra', 'reclassified'],
      [100, 'nmap', 'opened'],
      [3000, 'ping', 'opened'],
    ]);
    expect(a[0].views).toEqual(['pair']);
  });

  it('an episode is alerted by a record that starts within it (or its grace); its first record gives class and delay', () => {
    const r = scoreAlerts(
      alertsOf(records),
      [episode('hping3', 10, 20), episode('nmap', 90, 99), episode('hydra', 200, 260)],
      { fromUs: 0, toUs: 3600 * S },
    );
    expect(r.episodes.map((e) => [e.tool, e.alerted, e.firstClass, e.rightClass, e.delayS, e.alerts])).toEqual([
      ['hping3', true, 'hping3', true, 0.5, 2],
      ['nmap', true, 'nmap', true, 10, 1], // 1 s after its end: within the 5 s grace
      ['hydra', false, null, false, null, 0],
    ]);
    // The ping record at 3000 s is the one false alert; benign time is the hour less the episodes and graces.
    expect(r.falseAlerts.map((a) => a.className)).toEqual(['ping']);
    expect(r.benignHours).toBeCloseTo((3600 - 15 - 14 - 65) / 3600, 9);
    expect(r.falseAlertsPerHour).toBeCloseTo(1 / r.benignHours, 9);
    expect(r.alerts).toBe(4);
  });

  it('names the wrong class when the first record within the episode is not its tool', () => {
    const r = scoreAlerts(alertsOf(records), [episode('hydra', 10, 20)], { fromUs: 0, toUs: 20 * S });
    expect(r.episodes[0]).toMatchObject({ alerted: true, firstClass: 'hping3', rightClass: false });
  });
});
