import { describe, expect, it } from 'vitest';
import { parseMatchers } from '../../model/matcher.js';
import { buildRouteTree } from './route.js';
import type { RouteSpec } from './route.js';

const spec: RouteSpec = {
  receiver: 'default',
  groupBy: ['alertname'],
  groupWait: 1000,
  routes: [
    {
      matchers: parseMatchers('team="db"'),
      receiver: 'db',
      continue: true,
      muteTimeIntervals: ['nights'],
      routes: [{ matchers: parseMatchers('severity="critical"'), groupBy: ['...'] }],
    },
    { matchers: parseMatchers('env=~"dev|test"'), receiver: 'devnull' },
    { matchers: parseMatchers('team="web"'), receiver: 'web', groupBy: [] },
  ],
};

describe('route tree', () => {
  const root = buildRouteTree(spec);

  it.each<[Record<string, string>, string[]]>([
    [{ team: 'db', severity: 'critical', env: 'dev' }, ['db', 'devnull']],
    [{ team: 'db', env: 'prod' }, ['db']],
    [{ team: 'web', env: 'dev' }, ['devnull']],
    [{ team: 'web' }, ['web']],
    [{ alertname: 'x' }, ['default']],
  ])('routes %j to %j', (labels, receivers) => {
    expect(root.match(labels).map((r) => r.opts.receiver)).toEqual(receivers);
  });

  it('builds keys and IDs as Alertmanager does', () => {
    const ids: string[] = [];
    root.walk((r) => ids.push(`${r.key} | ${r.id}`));
    expect(ids).toEqual([
      '{} | {}',
      '{}/{team="db"} | {}/{team="db"}/0',
      '{}/{team="db"}/{severity="critical"} | {}/{team="db"}/{severity="critical"}/0',
      '{}/{env=~"dev|test"} | {}/{env=~"dev|test"}/1',
      '{}/{team="web"} | {}/{team="web"}/2',
    ]);
  });

  it('inherits receiver, group_by and timers but not time intervals', () => {
    const db = root.routes[0];
    const crit = db?.routes[0];
    expect(db?.opts).toMatchObject({ receiver: 'db', groupWait: 1000, muteTimeIntervals: ['nights'] });
    expect(crit?.opts).toMatchObject({
      receiver: 'db',
      groupWait: 1000,
      groupByAll: true,
      muteTimeIntervals: [],
    });
    expect(root.routes[2]?.groupLabels({ alertname: 'a', x: '1' })).toEqual({});
    expect(root.groupLabels({ alertname: 'a', x: '1' })).toEqual({ alertname: 'a' });
  });
});
