import { describe, expect, it } from 'vitest';
import { formatPath, parseYamlFile } from './yaml.js';

const TEXT = `route:
  receiver: a
  routes:
    - receiver: b
      matchers: ['x="1"']
    - receiver: c
receivers:
  - name: a
`;

describe('parseYamlFile', () => {
  const { yaml, diagnostics } = parseYamlFile('f.yml', TEXT);

  it('parses the value', () => {
    expect(diagnostics).toEqual([]);
    expect(yaml.value).toMatchObject({ route: { receiver: 'a' }, receivers: [{ name: 'a' }] });
  });

  it.each<[Array<string | number>, boolean, string]>([
    [['route'], false, '2:3'],
    [['route'], true, '1:1'],
    [['route', 'receiver'], false, '2:13'],
    [['route', 'receiver'], true, '2:3'],
    [['route', 'routes', 1, 'receiver'], false, '6:17'],
    [['route', 'routes', 0, 'matchers', 0], false, '5:18'],
    [['route', 'routes', 5], false, '4:5'],
    [['route', 'routes', 0, 'nope'], false, '4:7'],
    [['receivers', 0, 'name'], true, '8:5'],
  ])('locates %j (key: %s) at %s', (path, key, want) => {
    const p = yaml.locate(path, key);
    expect(`${p.line}:${p.column}`).toBe(want);
  });

  it.each([
    ['a: [1\n', 'yaml: '],
    ['a: 1\na: 2\n', 'yaml: field a already set'],
    ['a: 1\n---\nb: 2\n', 'a config file must hold a single YAML document'],
  ])('reports %j', (text, message) => {
    const r = parseYamlFile('g.yml', text);
    expect(r.diagnostics[0]?.message).toContain(message);
    expect(r.diagnostics[0]?.position?.line).toBeGreaterThan(0);
    expect(r.yaml.value).toBeUndefined();
  });

  it('treats an empty file as no value', () => {
    const r = parseYamlFile('e.yml', '# only a comment\n');
    expect(r.diagnostics).toEqual([]);
    expect(r.yaml.value).toBeUndefined();
  });
});

describe('formatPath', () => {
  it.each<[Array<string | number>, string]>([
    [[], ''],
    [['route'], 'route'],
    [['route', 'routes', 0, 'receiver'], 'route.routes[0].receiver'],
    [['receivers', 2], 'receivers[2]'],
  ])('%j is %s', (path, want) => {
    expect(formatPath(path)).toBe(want);
  });
});
