// Microsoft Teams through Power Automate Workflows (`msteamsv2_configs`): an Adaptive Card message.
import { Secret } from '../../model/secret.js';
import type { ClosableNotifier, NotifierEnv } from '../env.js';
import { createSecretUrlJsonNotifier } from '../webhook-json.js';
import { classifyTeamsReply } from './msteams.js';

const WHAT = 'msteamsv2';

/** `msteamsv2_configs[]`, read from the raw block H1's config keeps in `other_configs`. */
export interface MSTeamsV2Config {
  readonly send_resolved: boolean;
  readonly webhook_url?: Secret;
  readonly webhook_url_file?: string;
  readonly title: string;
  readonly text: string;
}

/** Reads one raw `msteamsv2_configs` entry with Alertmanager's defaults. */
export function msteamsV2FromRaw(raw: unknown): MSTeamsV2Config {
  const m = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const str = (k: string): string | undefined => (typeof m[k] === 'string' ? m[k] : undefined);
  const url = str('webhook_url');
  const file = str('webhook_url_file');
  return {
    send_resolved: m['send_resolved'] !== false,
    ...(url !== undefined && url !== '' && url !== Secret.MASK ? { webhook_url: new Secret(url) } : {}),
    ...(file !== undefined && file !== '' ? { webhook_url_file: file } : {}),
    title: str('title') ?? '{{ template "msteamsv2.default.title" . }}',
    text: str('text') ?? '{{ template "msteamsv2.default.text" . }}',
  };
}

/** The Adaptive Card message Workflows accept, coloured by status as Alertmanager does. */
export function adaptiveCard(
  title: string,
  text: string,
  status: 'firing' | 'resolved',
): Record<string, unknown> {
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.2',
          body: [
            {
              type: 'TextBlock',
              text: title,
              weight: 'Bolder',
              size: 'Medium',
              wrap: true,
              style: 'heading',
              color: status === 'firing' ? 'Attention' : 'Good',
            },
            { type: 'TextBlock', text, wrap: true },
          ],
          msteams: { width: 'Full' },
        },
      },
    ],
  };
}

/** Creates the notifier for one `msteamsv2_configs` entry. */
export function createMSTeamsV2(conf: MSTeamsV2Config, env: NotifierEnv): ClosableNotifier {
  return createSecretUrlJsonNotifier(
    {
      what: WHAT,
      http: undefined,
      url: conf.webhook_url,
      urlFile: conf.webhook_url_file,
      body: (f, status) => adaptiveCard(f.text(conf.title, 'title'), f.text(conf.text, 'text'), status),
      classify: (reply, now) => classifyTeamsReply(reply, now, WHAT),
    },
    env,
  );
}
