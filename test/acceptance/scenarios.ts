// The timeline scenarios shared by Vigil and the real Alertmanager.
import type { Scenario } from './timeline.js';

const hook = (extra = ''): string => `receivers:
- name: hook
  webhook_configs:
  - url: \${SINK}/
${extra}`;

const route = (o: string): string => `route:
  receiver: hook
${o
  .split('\n')
  .map((l) => `  ${l}`)
  .join('\n')}
`;

/** Every scenario: merging, repeat, batching, resolve by timeout, send_resolved, '...', retries. */
export const SCENARIOS: Scenario[] = [
  {
    name: 'merging: updates of one alert and a second alert share the first notification',
    config: route('group_by: [alertname]\ngroup_wait: 1s\ngroup_interval: 2s\nrepeat_interval: 1h') + hook(),
    posts: [
      { at: 0, alerts: [{ labels: { alertname: 'A', i: '1' } }] },
      { at: 0.3, alerts: [{ labels: { alertname: 'A', i: '2' } }] },
      { at: 1.5, alerts: [{ labels: { alertname: 'A', i: '1' }, annotations: { changed: 'yes' } }] },
    ],
    expect: [{ from: 0.9, to: 1.5, alerts: ['A:firing', 'A:firing'] }],
    end: 4.5,
  },
  {
    name: 'repeat: the first tick strictly after repeat_interval',
    config: route('group_wait: 1s\ngroup_interval: 1s\nrepeat_interval: 2500ms') + hook(),
    posts: [{ at: 0, alerts: [{ labels: { alertname: 'A' } }] }],
    expect: [
      { from: 0.9, to: 1.5, alerts: ['A:firing'] },
      { from: 3.9, to: 4.5, alerts: ['A:firing'] },
      { from: 6.9, to: 7.5, alerts: ['A:firing'] },
    ],
    end: 8.5,
  },
  {
    name: 'batching: alerts arriving after the first flush go out together at the next tick',
    config: route('group_wait: 1s\ngroup_interval: 2s\nrepeat_interval: 1h') + hook(),
    posts: [
      { at: 0, alerts: [{ labels: { alertname: 'A' } }] },
      { at: 1.5, alerts: [{ labels: { alertname: 'B' } }] },
      { at: 2, alerts: [{ labels: { alertname: 'C' } }] },
    ],
    expect: [
      { from: 0.9, to: 1.5, alerts: ['A:firing'] },
      { from: 2.9, to: 3.5, alerts: ['A:firing', 'B:firing', 'C:firing'] },
    ],
    end: 5.5,
  },
  {
    name: 'resolve by timeout: an alert without endsAt resolves after resolve_timeout',
    config: `global:\n  resolve_timeout: 2500ms\n${route('group_wait: 1s\ngroup_interval: 1s\nrepeat_interval: 1h')}${hook()}`,
    posts: [{ at: 0, alerts: [{ labels: { alertname: 'A' } }] }],
    expect: [
      { from: 0.9, to: 1.5, alerts: ['A:firing'] },
      { from: 2.9, to: 3.5, alerts: ['A:resolved'] },
    ],
    end: 5,
  },
  {
    name: 'send_resolved: only the integration that wants it hears the resolution',
    config:
      route('group_wait: 1s\ngroup_interval: 1s\nrepeat_interval: 1h') +
      hook('  - url: ${SINK}/quiet\n    send_resolved: false\n'),
    posts: [
      { at: 0, alerts: [{ labels: { alertname: 'A' } }] },
      { at: 1.5, alerts: [{ labels: { alertname: 'A' }, endsAt: 1.5 }] },
    ],
    expect: [
      { from: 0.9, to: 1.5, alerts: ['A:firing'] },
      { from: 0.9, to: 1.5, path: '/quiet', alerts: ['A:firing'] },
      { from: 1.9, to: 2.5, alerts: ['A:resolved'] },
    ],
    end: 4,
  },
  {
    name: "group_by '...': every distinct alert is its own group",
    config: route("group_by: ['...']\ngroup_wait: 1s\ngroup_interval: 1s\nrepeat_interval: 1h") + hook(),
    posts: [
      { at: 0, alerts: [{ labels: { alertname: 'A', i: '1' } }, { labels: { alertname: 'A', i: '2' } }] },
    ],
    expect: [
      { from: 0.9, to: 1.5, alerts: ['A:firing'] },
      { from: 0.9, to: 1.5, alerts: ['A:firing'] },
    ],
    end: 3,
  },
  {
    name: 'webhook 5xx: retried with backoff within the flush',
    config: route('group_wait: 1s\ngroup_interval: 10s\nrepeat_interval: 1h') + hook(),
    statuses: [500, 503],
    posts: [{ at: 0, alerts: [{ labels: { alertname: 'A' } }] }],
    expect: [
      { from: 0.9, to: 1.5, alerts: ['A:firing'] },
      { from: 1.1, to: 2.4, alerts: ['A:firing'] },
      { from: 1.4, to: 3.7, alerts: ['A:firing'] },
    ],
    end: 5,
  },
  {
    name: 'webhook 4xx: not retried within the flush, tried again at the next tick',
    config: route('group_wait: 1s\ngroup_interval: 2s\nrepeat_interval: 1h') + hook(),
    statuses: [400],
    posts: [{ at: 0, alerts: [{ labels: { alertname: 'A' } }] }],
    expect: [
      { from: 0.9, to: 1.5, alerts: ['A:firing'] },
      { from: 2.9, to: 3.5, alerts: ['A:firing'] },
    ],
    end: 4.5,
  },
  {
    name: 'inhibition: a firing source mutes the target; once it resolves the target is notified',
    config: `${route("group_by: ['...']\ngroup_wait: 1s\ngroup_interval: 1s\nrepeat_interval: 1h")}${hook()}inhibit_rules:
- source_matchers: [severity="critical"]
  target_matchers: [severity="warning"]
  equal: [alertname]
`,
    posts: [
      {
        at: 0,
        alerts: [
          { labels: { alertname: 'A', severity: 'critical' } },
          { labels: { alertname: 'A', severity: 'warning' } },
        ],
      },
      { at: 0, alerts: [{ labels: { alertname: 'B', severity: 'warning' } }] },
      { at: 2.5, alerts: [{ labels: { alertname: 'A', severity: 'critical' }, endsAt: 2.5 }] },
    ],
    expect: [
      { from: 0.9, to: 1.5, alerts: ['A:firing'] },
      { from: 0.9, to: 1.5, alerts: ['B:firing'] },
      { from: 2.9, to: 3.5, alerts: ['A:resolved'] },
      { from: 2.9, to: 3.5, alerts: ['A:firing'] },
    ],
    end: 4.5,
  },
  {
    name: 'silences: an active silence mutes; expiring it lets the alert through at the next tick',
    config: route("group_by: ['...']\ngroup_wait: 1s\ngroup_interval: 1s\nrepeat_interval: 1h") + hook(),
    posts: [
      {
        at: 0,
        silence: {
          ref: 's',
          matchers: [{ name: 'alertname', value: 'S', isRegex: false }],
          startsAt: 0,
          endsAt: 3600,
        },
      },
      { at: 0.2, alerts: [{ labels: { alertname: 'S' } }, { labels: { alertname: 'A' } }] },
      { at: 2.5, expire: 's' },
    ],
    expect: [
      { from: 1.1, to: 1.7, alerts: ['A:firing'] },
      { from: 3.1, to: 3.7, alerts: ['S:firing'] },
    ],
    end: 4.5,
  },
  {
    name: 'silences: a pending silence does not mute until it starts',
    config: route("group_by: ['...']\ngroup_wait: 1s\ngroup_interval: 1s\nrepeat_interval: 1h") + hook(),
    posts: [
      {
        at: 0,
        silence: {
          ref: 'p',
          matchers: [{ name: 'alertname', value: 'P|Q', isRegex: true }],
          startsAt: 2,
          endsAt: 3600,
        },
      },
      { at: 0, alerts: [{ labels: { alertname: 'P' } }] },
      { at: 2.5, alerts: [{ labels: { alertname: 'Q' } }] },
    ],
    expect: [{ from: 0.9, to: 1.5, alerts: ['P:firing'] }],
    end: 4.5,
  },
  {
    name: 'time intervals: mute and active intervals apply to their route only (not inherited)',
    config: `route:
  receiver: hook
  group_by: ['...']
  group_wait: 1s
  group_interval: 1s
  repeat_interval: 1h
  routes:
  - matchers: [team="a"]
    mute_time_intervals: [always]
    routes:
    - matchers: [sub="x"]
  - matchers: [team="b"]
    active_time_intervals: [never]
time_intervals:
- name: always
  time_intervals:
  - weekdays: ['sunday:saturday']
- name: never
  time_intervals:
  - years: ['2000']
${hook()}`,
    posts: [
      {
        at: 0,
        alerts: [
          { labels: { alertname: 'Muted', team: 'a' } },
          { labels: { alertname: 'Child', team: 'a', sub: 'x' } },
          { labels: { alertname: 'Inactive', team: 'b' } },
          { labels: { alertname: 'Plain' } },
        ],
      },
    ],
    expect: [
      { from: 0.9, to: 1.5, alerts: ['Child:firing'] },
      { from: 0.9, to: 1.5, alerts: ['Plain:firing'] },
    ],
    end: 3,
  },
  {
    name: 'reload: groups are rebuilt, the old alert flushes at once and is deduplicated',
    config: route('group_wait: 1s\ngroup_interval: 2s\nrepeat_interval: 1h') + hook(),
    posts: [
      { at: 0, alerts: [{ labels: { alertname: 'A' } }] },
      { at: 2.5, reload: true },
      { at: 3, alerts: [{ labels: { alertname: 'B' } }] },
    ],
    expect: [
      { from: 0.9, to: 1.5, alerts: ['A:firing'] },
      { from: 4.4, to: 5, alerts: ['A:firing', 'B:firing'] },
    ],
    end: 6,
  },
  {
    name: 'webhook timeout: a hanging receiver is abandoned at the flush deadline and retried next tick',
    config: route('group_wait: 1s\ngroup_interval: 10s\nrepeat_interval: 1h') + hook(),
    delays: [60],
    posts: [{ at: 0, alerts: [{ labels: { alertname: 'A' } }] }],
    expect: [
      { from: 0.9, to: 1.5, alerts: ['A:firing'] },
      { from: 10.9, to: 11.7, alerts: ['A:firing'] },
    ],
    end: 13,
  },
];
