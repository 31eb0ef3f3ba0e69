import { describe, expect, it } from 'vitest';
import { filterSchema } from '../query/filter-fields.ts';
import { addClass, DEFAULT_LABEL_SET, removeClass } from './label-set.ts';
import { rulesFromJson, rulesToJson } from './rules-json.ts';
import type { LabelState } from './rules.ts';
import { tableFromCsv } from './test-tables.ts';

const table = tableFromCsv(
  'frame.time_epoch,frame.len,ip.src,tcp.dstport,tcp.flags.syn,attack\n"1795378353.5","60","10.0.0.1","80","1","hping3"\n',
);
const schema = filterSchema(table);
const columns = table.columns.map((c) => c.name);
const CAPTURE = { fileName: 'lab-a.csv', fingerprint: '0123456789abcdef', rows: 1 };

const STATE: LabelState = {
  set: addClass(removeClass(DEFAULT_LABEL_SET, 4), 'slow "loris", v2', '#123abc'),
  base: { kind: 'column', column: 'attack', map: { hping3: 1, suspicious: 5, normal: 0 } },
  rules: [
    {
      id: 'r1',
      classId: 1,
      filter: 'tcp.flags.syn == 1 && tcp.dstport == 80',
      range: { fromUs: 1795378378000000, toUs: 1795378387123456 },
      enabled: true,
      source: 'brush',
    },
    { id: 'r2', classId: 3, filter: '', range: null, enabled: false, source: 'filter' },
    {
      id: 'r3',
      classId: 5,
      filter: 'ip.addr == 10.0.0.0/8',
      range: { fromUs: 1, toUs: 1 },
      enabled: true,
      source: 'conversation',
    },
  ],
};

/** The exported file as an object, edited, and back to text. */
// biome-ignore lint/suspicious/noExplicitAny: the cases edit any path of the exported JSON
type Doc = Record<string, any>;

function edited(change: (doc: Doc) => void, state: LabelState = STATE): string {
  const doc = JSON.parse(rulesToJson(state, CAPTURE)) as Doc;
  change(doc);
  return JSON.stringify(doc);
}

function failure(text: string, target = {}): string {
  const r = rulesFromJson(text, schema, target);
  if (r.ok) throw new Error('imported without error');
  return r.message;
}

describe('rules JSON', () => {
  it('writes a readable file: format, version, capture, one class or rule per line, UTC times', () => {
    const text = rulesToJson(STATE, CAPTURE);
    const lines = text.split('\n');
    expect(lines[1]).toBe('  "format": "nids-workbench.labels",');
    expect(lines[2]).toBe('  "version": 1,');
    expect(text).toContain('"capture": {"fileName":"lab-a.csv","fingerprint":"0123456789abcdef","rows":1}');
    expect(lines).toContain('    {"id":1,"name":"hping3","colour":"#d55e00"},');
    expect(text).toContain('"from":"2026-11-22T20:12:58.000000Z","to":"2026-11-22T20:13:07.123456Z"');
    expect(lines.filter((l) => l.startsWith('    {"id":"r'))).toHaveLength(3);
  });

  it('reads back the same state, with no warnings', () => {
    const r = rulesFromJson(rulesToJson(STATE, CAPTURE), schema, { columns, fingerprint: CAPTURE.fingerprint });
    expect(r).toEqual({ ok: true, state: STATE, warnings: [] });
    const plain: LabelState = { set: DEFAULT_LABEL_SET, base: { kind: 'benign' }, rules: [] };
    expect(rulesFromJson(rulesToJson(plain, CAPTURE), schema)).toEqual({ ok: true, state: plain, warnings: [] });
  });

  it('warns about another capture and keys it does not read', () => {
    const r = rulesFromJson(
      edited((d) => {
        d.rules[0].note = 'x';
      }),
      schema,
      { fingerprint: 'ffffffffffffffff' },
    );
    expect(r.ok && r.warnings).toEqual([
      "the rules were made on 'lab-a.csv' (1 packets), not on this capture: check that their time ranges still cover the right packets",
      'rules[0].note is not read by this version and was ignored',
    ]);
  });

  it.each<[string, (d: Doc) => void, string]>([
    [
      'format',
      (d) => {
        d.format = 'other';
      },
      'this is not a labels file of this workbench: "format" is "other", expected "nids-workbench.labels"',
    ],
    [
      'version',
      (d) => {
        d.version = 2;
      },
      'the file is version 2, newer than this workbench reads (1)',
    ],
    [
      'version type',
      (d) => {
        d.version = '1';
      },
      'version must be a whole number, not "1"',
    ],
    [
      'no classes',
      (d) => {
        d.classes = [];
      },
      'classes must be a non-empty list, not []',
    ],
    [
      'benign first',
      (d) => {
        d.classes.reverse();
      },
      'classes[0] must be benign with id 0, not "slow \\"loris\\", v2" with id 5',
    ],
    [
      'class id range',
      (d) => {
        d.classes[2].id = 300;
      },
      'classes[2].id 300 is outside 0..254',
    ],
    [
      'class id repeated',
      (d) => {
        d.classes[2].id = 1;
      },
      'classes[2].id 1 repeats classes[1].id',
    ],
    [
      'class name repeated',
      (d) => {
        d.classes[2].name = 'HPING3';
      },
      'classes[2].name "HPING3": There is already a class named \'hping3\'.',
    ],
    [
      'class name empty',
      (d) => {
        d.classes[2].name = ' ';
      },
      'classes[2].name " ": A class needs a name.',
    ],
    [
      'colour',
      (d) => {
        d.classes[1].colour = 'red';
      },
      'classes[1].colour "red" is not a colour written as #rrggbb',
    ],
    [
      'nextClassId',
      (d) => {
        d.nextClassId = 3;
      },
      'nextClassId 3 must be above every class id (5) and at most 255',
    ],
    [
      'base kind',
      (d) => {
        d.base.kind = 'all';
      },
      'base.kind must be "benign" or "column", not "all"',
    ],
    [
      'base column',
      (d) => {
        d.base.column = 'alert';
      },
      'base.column "alert" is not a column of this capture',
    ],
    [
      'base map',
      (d) => {
        d.base.map.scan = 9;
      },
      'base.map["scan"] 9 is not a class of this file',
    ],
    [
      'rules list',
      (d) => {
        d.rules = {};
      },
      'rules must be a list, not {}',
    ],
    [
      'rule class',
      (d) => {
        d.rules[2].classId = 9;
      },
      'rules[2].classId 9 is not a class of this file',
    ],
    [
      'rule class type',
      (d) => {
        d.rules[2].classId = 'nmap';
      },
      'rules[2].classId must be a whole number, not "nmap"',
    ],
    [
      'rule id',
      (d) => {
        d.rules[2].id = 'r1';
      },
      'rules[2].id "r1" repeats rules[0].id',
    ],
    [
      'rule filter',
      (d) => {
        d.rules[1].filter = 'tcp.dstprt == 80';
      },
      "rules[1].filter \"tcp.dstprt == 80\": unknown field 'tcp.dstprt' — did you mean 'tcp.dstport'? (at character 1)",
    ],
    [
      'range order',
      (d) => {
        d.rules[0].range.fromUs = 1795378390000000;
      },
      'rules[0].range: fromUs 1795378390000000 is after toUs 1795378387123456',
    ],
    [
      'range number',
      (d) => {
        d.rules[0].range.toUs = '12:07';
      },
      'rules[0].range.toUs must be a number (microseconds since 1970), not "12:07"',
    ],
    [
      'range text',
      (d) => {
        d.rules[0].range.from = '2026-11-22T20:12:00.000000Z';
      },
      'rules[0].range.from "2026-11-22T20:12:00.000000Z" does not match fromUs 1795378378000000 (2026-11-22T20:12:58.000000Z): edit fromUs, or delete from',
    ],
    [
      'enabled',
      (d) => {
        d.rules[1].enabled = 'yes';
      },
      'rules[1].enabled must be true or false, not "yes"',
    ],
    [
      'source',
      (d) => {
        d.rules[1].source = 'magic';
      },
      'rules[1].source must be one of brush, filter, conversation, import, not "magic"',
    ],
  ])('says what is wrong: %s', (_name, change, message) => {
    expect(failure(edited(change))).toBe(message);
  });

  it('refuses text that is not JSON, or not an object', () => {
    expect(failure('{"format":')).toMatch(/^the file is not JSON \(/);
    expect(failure('[1]')).toBe('the file must be an object, not [1]');
  });

  it('refuses a rule whose filter uses a field the capture lacks, naming both', () => {
    const text = edited((d) => {
      d.rules[1].filter = 'tcp.flags.syn == 1 && udp.dstport == 53';
    });
    expect(failure(text, { columns })).toBe(
      'rules[1].filter "tcp.flags.syn == 1 && udp.dstport == 53" uses the field udp.dstport, which this capture does not have',
    );
    // Protocol names and either-end fields with one end present are fine.
    expect(
      rulesFromJson(
        edited((d) => {
          d.rules[1].filter = 'tcp && tcp.port == 80 && !udp';
        }),
        schema,
        { columns },
      ).ok,
    ).toBe(true);
    expect(
      failure(
        edited((d) => {
          d.base.column = 'frame.protocols';
        }),
        { columns },
      ),
    ).toBe('base.column "frame.protocols" is not a column of this capture');
  });
});
